package io.kmemlab.emulator.mm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One struct page, decoded through the union variant it is used as (`show page`, `p->field`).
 *
 * @param pfn       the frame it describes
 * @param address   the descriptor's kernel virtual address (the struct page *)
 * @param variant   "buddy", "pcp-free", "slab", "compound-head", "compound-tail", "page-table",
 *                  "anon", "hugetlb", "reserved", "allocated", "free"
 * @param owner     frame_owner()
 * @param zone      zone name
 * @param flagNames the PG_ bits set (kernel names) plus zone/node/section fields
 * @param fields    field name -> value, in struct order for this variant
 */
public record StructPage(long pfn, long address, String variant, String owner, String zone,
                         List<String> flagNames, Map<String, Long> fields) {
    public StructPage {
        fields = new LinkedHashMap<>(fields);
    }

    /** A field by its kernel name; null when the variant has no such field. */
    public Long field(String name) {
        Long v = fields.get(name);
        if (v == null && name.equals("_count")) v = fields.get("_refcount");
        if (v == null && name.equals("lru")) v = fields.get("lru.next");
        return v;
    }

    /** Multi-line text as `show page` prints it. */
    public String render() {
        StringBuilder sb = new StringBuilder(String.format("struct page 0x%x (pfn 0x%x, %s, owner %s, zone %s)%n", address, pfn, variant, owner, zone));
        sb.append("  flags: ").append(String.format("0x%x", fields.getOrDefault("flags", 0L))).append(' ').append(flagNames).append('\n');
        for (Map.Entry<String, Long> e : fields.entrySet()) {
            if (e.getKey().equals("flags")) continue;
            long v = e.getValue();
            sb.append(String.format("  %-18s 0x%x%s%n", e.getKey(), v, (v < 0 && v > -1000) || (v >= 0 && v < 1000) ? " (" + v + ")" : ""));
        }
        return sb.toString();
    }
}
