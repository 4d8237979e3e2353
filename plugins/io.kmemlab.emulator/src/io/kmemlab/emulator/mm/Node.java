package io.kmemlab.emulator.mm;

import java.util.List;

/** pg_data_t: a NUMA node's pfn span and zones (include/linux/mmzone.h). */
public final class Node {
    private final int nid;
    long startPfn, spanned, present;
    List<Zone> zones;
    long nodeMemMap;      // FLATMEM node_mem_map (struct page * of node_start_pfn), 0 otherwise

    public Node(int nid) { this.nid = nid; }

    public int nid() { return nid; }
    public long startPfn() { return startPfn; }
    public long spanned() { return spanned; }
    public long present() { return present; }
    public List<Zone> zones() { return zones; }
    public long nodeMemMap() { return nodeMemMap; }
}
