package io.kmemlab.benchmark;

/** A long scenario of the kind users write: allocations, conversions, expects, loops, frees. */
public final class ScenarioText {
    private ScenarioText() { }

    /** About {@code lines} lines: a machine, then blocks of ten statements. */
    public static String generate(int lines) {
        StringBuilder sb = new StringBuilder("""
                machine pc {
                    arch x86_64
                    ram 0x1000 .. 0x9fbff
                    ram 0x100000 .. 0xbfffffff
                    ram 0x100000000 .. 0x63fffffff
                }
                scenario "generated" on pc {
                """);
        int blocks = (lines - 8) / 10;
        for (int i = 0; i < blocks; i++) {
            sb.append("    let p").append(i).append(" = alloc_page(GFP_KERNEL)\n");
            sb.append("    let n").append(i).append(" = page_to_pfn(p").append(i).append(")\n");
            sb.append("    expect pfn_to_page(n").append(i).append(") == p").append(i).append('\n');
            sb.append("    expect page_address(p").append(i).append(") == PAGE_OFFSET + (n").append(i).append(" << PAGE_SHIFT)\n");
            sb.append("    // block ").append(i).append(": a kmalloc and its page\n");
            sb.append("    let k").append(i).append(" = kmalloc(").append(32 + i % 200).append(", GFP_KERNEL)\n");
            sb.append("    expect virt_to_page(k").append(i).append(") == pfn_to_page(__pa(k").append(i).append(") >> PAGE_SHIFT)\n");
            sb.append("    kfree(k").append(i).append(")\n");
            sb.append("    expect page_ref_count(p").append(i).append(") == 1\n");
            sb.append("    __free_pages(p").append(i).append(", 0)\n");
        }
        return sb.append("}\n").toString();
    }
}
