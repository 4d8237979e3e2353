package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.interpreter.load.Problem;
import io.kmemlab.interpreter.run.ScenarioResult;
import io.kmemlab.interpreter.run.ScenarioRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/language.md, appendix "who touches memory inside a process block", on the real emulator: inside a {@code process}
 * block a user address (below the arch's TASK_SIZE) is the process's own user-mode access
 * (demand fault, SIGSEGV when bad), while a kernel-half address is the kernel's own access
 * in that process's context (it works through the shared kernel half; a bad one oopses).
 * The split comes from the machine's arch, so x86_64 and i386 are both checked.
 */
class ProcessAccessTest {
    private static ScenarioResult run(String machine, String body) {
        return new ScenarioRunner().run(Kmem.scenarioOn(machine, body));
    }

    private static final int FIRST = Kmem.FIRST_BODY_LINE;

    private static void passes(ScenarioResult r) {
        assertEquals(List.of(), r.errors(), () -> "errors: " + r.errors());
    }

    @Test
    void aUserAddressIsTheProcesssOwnAccess() {
        passes(run("pc64", """
                process app {
                    let u = mmap(8K, PROT_READ)
                    expect read8(u + 0x10) == 0
                    expect sigsegv write8(u, 1)
                    expect sigsegv read8(0x1000)
                }
                """));
    }

    @Test
    void aBadUserAccessIsAnUnexpectedSigsegvNotAnOops() {
        ScenarioResult r = run("pc64", """
                process app {
                    read8(0x1000)
                    let after = 1
                }
                """);
        List<Problem> e = r.errors();
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).message().startsWith("unexpected SIGSEGV"), e.get(0).message());
        assertEquals(FIRST + 1, e.get(0).line());
    }

    @Test
    void aKernelAddressIsReadAndWrittenByTheKernelInTheProcesssContext() {
        passes(run("pc64", """
                let p = alloc_page(GFP_KERNEL)
                write8(page_address(p) + 0x10, 0x5a)
                process app {
                    expect read8(page_address(p) + 0x10) == 0x5a
                    write8(page_address(p), 7)
                    let v = vmalloc(4096)
                    write32(v, 0x1234)
                    expect read32(v) == 0x1234
                }
                expect read8(page_address(p)) == 7
                """));
    }

    @Test
    void aBadKernelAddressInAProcessOopses() {
        // 1 GiB into the vmalloc area: nothing is mapped there (a vfree()d address is no good
        // here: creating the process vmallocs its kernel stack, which may reuse the area)
        passes(run("pc64", """
                process app {
                    expect oops read8(VMALLOC_START + 0x40000000)
                }
                """));
        ScenarioResult r = run("pc64", """
                let v = VMALLOC_START + 0x40000000
                process app {
                    read8(v)
                    let after = 1
                }
                """);
        List<Problem> e = r.errors();
        assertEquals(1, e.size(), e::toString);
        assertTrue(e.get(0).message().startsWith("oops: BUG: unable to handle page fault for address: ffffc90040000000"), e.get(0).message());
        assertEquals(FIRST + 2, e.get(0).line());
        assertTrue(r.steps() > 0);
    }

    @Test
    void theSplitIsTheArchsOnI386() {
        // TASK_SIZE = PAGE_OFFSET = 0xc0000000 (3G/1G split): 0x08048000 is user, lowmem and kmap addresses are kernel
        passes(run("pc32", """
                let lp = alloc_page(GFP_KERNEL)
                write8(page_address(lp), 0x11)
                let hp = alloc_page(GFP_HIGHUSER)
                process app {
                    expect page_address(lp) >= PAGE_OFFSET
                    expect read8(page_address(lp)) == 0x11
                    let a = kmap_local_page(hp)
                    write32(a, 0xdeadbeef)
                    expect read32(a) == 0xdeadbeef
                    kunmap_local(a)
                    expect sigsegv read8(0x08048000)
                    let u = mmap(4K, PROT_READ | PROT_WRITE)
                    expect u < PAGE_OFFSET
                    write8(u, 3)
                    expect read8(u) == 3
                }
                """));
    }
}
