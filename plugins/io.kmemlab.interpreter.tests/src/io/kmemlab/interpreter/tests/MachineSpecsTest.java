package io.kmemlab.interpreter.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.emulator.spec.ConfigOption;
import io.kmemlab.emulator.spec.MachineSpec;
import io.kmemlab.interpreter.machine.MachineSpecs;
import io.kmemlab.lang.kmem.Machine;
import io.kmemlab.lang.kmem.Model;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A machine block becomes the MachineSpec the emulator boots. */
class MachineSpecsTest {
    @Test
    void everyClauseReachesTheSpec() {
        Model m = Kmem.parse("""
                machine board {
                    arch arm
                    paging short
                    page-offset 0xC0000000
                    lowmem-limit 760M
                    memory-model flatmem
                    kernel 2.6
                    cpus 2
                    hugepages 4
                    swap 2G
                    ram 0x0 size 2G
                    reserved 0x0 .. 0xfff "BIOS"
                    kernel-image at 1M size 7M
                    symbol jiffies_buf in data size 8K
                    boot-allocator bootmem
                    zones {
                        Normal  until 0x2f800000
                        NewMem  size 512M  allocator none
                        HighMem rest
                    }
                    config { HIGHMEM on  VMAP_STACK off }
                }
                """);
        MachineSpec s = MachineSpecs.of((Machine) m.getElements().get(0));
        assertEquals("board", s.name());
        assertEquals("arm", s.arch());
        assertEquals("short", s.paging());
        assertEquals(0xC0000000L, s.pageOffset());
        assertEquals(760L << 20, s.lowmemLimit());
        assertEquals("FLATMEM", String.valueOf(s.memoryModel()));
        assertEquals("2.6", s.kernel());
        assertEquals(2, s.cpus());
        assertEquals(4, s.hugepages());
        assertEquals(2L << 30, s.swapBytes());
        assertEquals(List.of(new MachineSpec.Ram(0, (2L << 30) - 1, 0)), s.ram());
        assertEquals(List.of(new MachineSpec.Reserved(0, 0xfff, "BIOS")), s.reserved());
        assertEquals(1L << 20, s.kernelImageAt());
        assertEquals(7L << 20, s.kernelImageSize());
        assertEquals(List.of(new MachineSpec.Symbol("jiffies_buf", "data", 8192)), s.symbols());
        assertEquals("bootmem", s.bootAllocator());
        assertEquals("[ZoneSpec[name=Normal, kind=UNTIL, value=" + 0x2f800000L + ", allocatorNone=false], "
                + "ZoneSpec[name=NewMem, kind=SIZE, value=" + (512L << 20) + ", allocatorNone=true], "
                + "ZoneSpec[name=HighMem, kind=REST, value=0, allocatorNone=false]]", String.valueOf(s.zones()));
        assertTrue(s.config(ConfigOption.HIGHMEM));
        assertEquals(false, s.config(ConfigOption.VMAP_STACK));
    }

    /** `reserved START size LEN` is the inclusive range START .. START + LEN - 1, as `ram START size LEN` is. */
    @Test
    void reservedBySizeIsTheInclusiveRange() {
        Model m = Kmem.parse("""
                machine pc {
                    ram 0x1000 .. 0x3fffffff
                    reserved 0x200000 size 64K "fw"
                    reserved 0x300000 size 4K
                }
                """);
        MachineSpec s = MachineSpecs.of((Machine) m.getElements().get(0));
        assertEquals(List.of(new MachineSpec.Reserved(0x200000, 0x200000 + 0x10000 - 1, "fw"),
                new MachineSpec.Reserved(0x300000, 0x300fff, "reserved")), s.reserved());
    }

    @Test
    void aClauseValueThatIsNotConstantIsAnErrorAtIt() {
        Model m = Kmem.parse("""
                machine pc {
                    ram 0x1000 .. 0x3fffffff
                    swap PAGE_SIZE * 4
                }
                """);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.kmemlab.interpreter.exec.EvalException.class,
                () -> MachineSpecs.of((Machine) m.getElements().get(0)));
        assertTrue(e.getMessage().startsWith("a machine clause needs a constant number here"), e.getMessage());
        assertEquals(3, io.kmemlab.interpreter.load.SourceLocation.of(e.where()).line());
    }

    @Test
    void nodesAndUnderscoredNumbers() {
        Model m = Kmem.parse("""
                machine numa {
                    node 0 { ram 0x1000 .. 0x7fffffff }
                    node 1 { ram 0x1_0000_0000 size 4G }
                }
                """);
        MachineSpec s = MachineSpecs.of((Machine) m.getElements().get(0));
        assertEquals(List.of(new MachineSpec.Ram(0x1000, 0x7fffffffL, 0), new MachineSpec.Ram(0x100000000L, 0x1ffffffffL, 1)), s.ram());
        assertEquals(null, s.zones(), "no zones clause: the arch defaults");
    }

    /**
     * `kaslr seed N text T` keeps the seed for kernel_randomize_memory() and takes _text as given
     * (the decompressor's choice); `kaslr text T` alone randomizes only the text; `kaslr seed N`
     * alone leaves the text to the seed.
     */
    @Test
    void kaslrSeedAndTextAreSeparateChoices() {
        Model m = Kmem.parse("""
                machine a {
                    ram 0x1000 .. 0x3fffffff
                    kaslr seed 42 text 0xffffffff9a000000
                }
                machine b {
                    ram 0x1000 .. 0x3fffffff
                    kaslr text 0xffffffff9a000000
                }
                machine c {
                    ram 0x1000 .. 0x3fffffff
                    kaslr seed 42
                }
                """);
        MachineSpec a = MachineSpecs.of((Machine) m.getElements().get(0));
        assertEquals(42L, a.kaslrSeed());
        assertEquals(0xffffffff9a000000L, a.kaslrText());
        assertEquals(null, a.kaslrBases());
        MachineSpec b = MachineSpecs.of((Machine) m.getElements().get(1));
        assertEquals(null, b.kaslrSeed());
        assertEquals(0xffffffff9a000000L, b.kaslrText());
        MachineSpec c = MachineSpecs.of((Machine) m.getElements().get(2));
        assertEquals(42L, c.kaslrSeed());
        assertEquals(null, c.kaslrText());
        io.kmemlab.emulator.Machine booted = io.kmemlab.emulator.Machine.boot(a);
        assertEquals(0xffffffff9a000000L, booted.symbol("_text"));
    }
}
