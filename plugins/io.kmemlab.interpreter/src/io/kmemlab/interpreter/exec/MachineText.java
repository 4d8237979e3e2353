package io.kmemlab.interpreter.exec;

import io.kmemlab.emulator.mm.StructPage;
import io.kmemlab.emulator.mm.Zone;
import io.kmemlab.emulator.process.Vma;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of the {@code show} views that render emulator objects: a struct page, a zone,
 * a process's VMAs. One place, so the CLI's text and JSON and the debugger print them alike.
 */
public final class MachineText {
    /** struct page fields that are counts (atomic_t / int in include/linux/mm_types.h): printed signed, in decimal. */
    private static final Set<String> COUNTS = Set.of("_refcount", "_count", "_mapcount", "inuse", "objects", "frozen",
            "_large_mapcount", "_entire_mapcount", "_nr_pages_mapped", "_pincount", "_folio_nr_pages", "_folio_order");

    private MachineText() { }

    /**
     * {@code show page}: the descriptor's address and pfn, how the page is used, then each
     * field of that union variant under its kernel name (flags with the PG_ bits set).
     */
    public static String page(StructPage p) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("struct page 0x%x: pfn 0x%x, %s, owner %s, zone %s%n", p.address(), p.pfn(), p.variant(), p.owner(), p.zone()));
        for (Map.Entry<String, Long> f : p.fields().entrySet()) {
            String name = f.getKey();
            long v = f.getValue();
            String text = COUNTS.contains(name) ? Integer.toString((int) v) : String.format("0x%x", v);
            if (name.equals("flags")) text += " " + String.join("|", p.flagNames());
            sb.append(String.format("  %-20s %s%n", name, text));
        }
        return sb.toString().stripTrailing();
    }

    /** {@code show zone X}: the zone's span and counters as /proc/zoneinfo names them. */
    public static String zone(Zone z) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("zone %s (node %d)%n", z.name(), z.nid()));
        sb.append(String.format("  %-10s 0x%x%n", "start_pfn", z.startPfn()));
        sb.append(String.format("  %-10s 0x%x%n", "end_pfn", z.endPfn()));
        sb.append(String.format("  %-10s %d%n", "spanned", z.spanned()));
        sb.append(String.format("  %-10s %d%n", "present", z.present()));
        sb.append(String.format("  %-10s %d%n", "managed", z.managed()));
        sb.append(String.format("  %-10s %d", "free", z.free()));
        return sb.toString();
    }

    /**
     * {@code show vmas}: one line per VMA, as /proc/PID/maps prints it; the offset column is 0
     * because every mapping here is anonymous (fs/proc/task_mmu.c prints vm_pgoff only for files).
     */
    public static String vmas(String owner, List<Vma> vmas) {
        if (vmas.isEmpty()) return owner + ": no VMAs";
        StringBuilder sb = new StringBuilder();
        for (Vma v : vmas) {
            String line = String.format("%08x-%08x %s%s%sp %08x 00:00 0 %s", v.start(), v.end(), v.readable() ? "r" : "-",
                    v.writable() ? "w" : "-", v.executable() ? "x" : "-", 0, v.hugetlb() ? "/anon_hugepage (deleted)" : "");
            sb.append(line.stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
