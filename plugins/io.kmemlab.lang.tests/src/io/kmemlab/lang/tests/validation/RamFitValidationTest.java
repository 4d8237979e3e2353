package io.kmemlab.lang.tests.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import io.kmemlab.lang.kmem.Model;
import io.kmemlab.lang.tests.KmemInjectorProvider;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a machine places in physical memory must be in its RAM: a zone declared by size (the
 * kernel clamps zones to the RAM present, mm/mm_init.c zone_spanned_pages_in_node(), so the
 * zone would silently shrink) and the kernel image (the boot loader loads it into RAM and
 * memblock_reserve() reserves RAM).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(KmemInjectorProvider.class)
class RamFitValidationTest {
    @Inject private ParseHelper<Model> parser;
    @Inject private ValidationTestHelper validator;

    /** "line: severity: message" of each issue of a machine with these clauses (line 1 is `machine m {`). */
    private List<String> issues(String clauses) throws Exception {
        Model m = parser.parse("machine m {\n" + clauses + "\n}\n");
        assertTrue(m.eResource().getErrors().isEmpty(), () -> "syntax: " + m.eResource().getErrors());
        return validator.validate(m).stream()
                .map(i -> i.getLineNumber() + ": " + i.getSeverity().name().toLowerCase() + ": " + i.getMessage())
                .collect(Collectors.toList());
    }

    private static final String BOARD = "arch arm\npaging short\npage-offset 0xC0000000\nlowmem-limit 760M\nmemory-model flatmem\n"
            + "config { HIGHMEM on }\n";

    @Test void aPrivateZoneThatFitsIsAccepted() throws Exception {
        assertEquals(List.of(), issues(BOARD + "ram 0x0 size 2G\nzones {\nNormal until 0x2f800000\nNewMem size 512M allocator none\nHighMem rest\n}"));
    }

    /** 256 MiB of RAM, Normal takes the first 128 MiB: 0x8000000 bytes are left for the 512 MiB zone. */
    @Test void aPrivateZoneBiggerThanTheRamLeft() throws Exception {
        long ramEnd = 256L << 20, normalEnd = 0x8000000L, zone = 512L << 20;
        assertEquals(List.of(String.format("11: error: zone NewMem size %#x reaches past the end of RAM (the last RAM byte is %#x):"
                + " the kernel clamps zones to the RAM present; NewMem (%#x .. %#x) would hold only %#x bytes; make it size %#x"
                + " or less, or add RAM", zone, ramEnd - 1, normalEnd, normalEnd + zone - 1, ramEnd - normalEnd, ramEnd - normalEnd)),
                issues(BOARD + "ram 0x0 size 256M\nzones {\nNormal until 0x8000000\nNewMem size 512M allocator none\nHighMem rest\n}"));
    }

    @Test void aPrivateZoneBiggerThanAllOfRam() throws Exception {
        assertEquals(List.of("10: error: zone NewMem size 0x80000000 reaches past the end of RAM (the last RAM byte is 0x3fffffff):"
                + " the kernel clamps zones to the RAM present; NewMem (0x0 .. 0x7fffffff) would hold only 0x40000000 bytes;"
                + " make it size 0x40000000 or less, or add RAM"),
                issues(BOARD + "ram 0x0 size 1G\nzones {\nNewMem size 2G allocator none\nHighMem rest\n}"));
    }

    @Test void aPrivateZoneAboveTheEndOfRam() throws Exception {
        assertEquals(List.of("11: error: zone NewMem size 0x1000000 reaches past the end of RAM (the last RAM byte is 0xfffffff):"
                + " the kernel clamps zones to the RAM present; it starts at 0x20000000, so NewMem would be empty; add RAM above"
                + " 0x20000000 or make the zones below it smaller"),
                issues(BOARD + "ram 0x0 size 256M\nzones {\nNormal until 0x20000000\nNewMem size 16M allocator none\nHighMem rest\n}"));
    }

    @Test void aKernelImagePastTheEndOfRam() throws Exception {
        assertEquals(List.of("4: error: kernel-image at 0x40000000 size 0x1000000 (0x40000000 .. 0x40ffffff) is not inside one RAM range:"
                + " the boot loader loads the kernel into RAM; move it or add the RAM"),
                issues("arch x86_64\nram 0x100000 .. 0x3fffffff\nkernel-image at 0x40000000 size 16M"));
    }

    @Test void aKernelImageAcrossTheEndOfRam() throws Exception {
        assertEquals(List.of("4: error: kernel-image at 0x3f800000 size 0x1000000 (0x3f800000 .. 0x407fffff) is not inside one RAM range:"
                + " the boot loader loads the kernel into RAM; move it or add the RAM"),
                issues("arch x86_64\nram 0x100000 .. 0x3fffffff\nkernel-image at 0x3f800000 size 16M"));
    }

    @Test void aKernelImageInAHoleBetweenRanges() throws Exception {
        assertEquals(List.of("5: error: kernel-image at 0xa0000 size 0x10000 (0xa0000 .. 0xaffff) is not inside one RAM range:"
                + " the boot loader loads the kernel into RAM; move it or add the RAM"),
                issues("arch x86_64\nram 0x1000 .. 0x9fbff\nram 0x100000 .. 0x3fffffff\nkernel-image at 0xa0000 size 64K"));
    }

    @Test void aKernelImageInRamIsAccepted() throws Exception {
        assertEquals(List.of(), issues("arch x86_64\nram 0x100000 .. 0x3fffffff\nkernel-image at 0x1000000 size 16M"));
    }
}
