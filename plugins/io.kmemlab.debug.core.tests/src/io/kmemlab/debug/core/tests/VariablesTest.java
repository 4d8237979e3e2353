package io.kmemlab.debug.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.engine.Suspension;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.interpreter.variables.GfpNames;
import io.kmemlab.emulator.mm.Gfp;
import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugException;
import org.eclipse.debug.core.model.IVariable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Variables view shows behind each kind of value, checked against the kernel's rules. */
class VariablesTest {
	static final String TEXT = Scenarios.MACHINE + """

			scenario "kinds" on pc {
			    let g = GFP_KERNEL | __GFP_ZERO
			    let p = alloc_pages(GFP_KERNEL, 0)
			    let z = zone(DMA32)
			    process app {
			        let u = mmap(4K, PROT_READ | PROT_WRITE)
			        write8(u, 1)
			        let pmd = pmd_offset(pud_offset(p4d_offset(pgd_offset(current->mm, u), u), u), u)
			        let ptep = pte_offset_map(pmd, u)
			        let pfn = pte_pfn(*ptep)
			        pte_unmap(ptep)
			    }
			}
			""";

	private KmemDebugTarget target;
	private IVariable[] vars;

	@BeforeEach
	void runToTheEndOfTheProcessBlock() throws CoreException {
		IFile file = Sessions.file("variables.kmem", TEXT);
		io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint.create(file, Scenarios.lineOf(TEXT, "pte_unmap"));
		target = Sessions.debug(Sessions.config(file, "kinds", false));
		Sessions.suspended(target);
		vars = Sessions.topFrame(target).getVariables();
	}

	@AfterEach
	void end() throws CoreException {
		target.terminate();
		Sessions.terminated(target);
		Sessions.removeAllBreakpoints();
	}

	@Test
	void aGfpMaskIsSpelledAsTheKernelPrintsItAndItsBitsAreListed() throws DebugException {
		IVariable g = SteppingTest.find(vars, "g");
		assertEquals("gfp_t", g.getReferenceTypeName());
		// %pGg: GFP_KERNEL (0xcc0) matches first and is taken out, __GFP_ZERO (0x100) is left
		// (__def_gfpflag_names, include/trace/events/mmflags.h; format_flags, lib/vsprintf.c)
		assertTrue(g.getValue().getValueString().endsWith("0xdc0 (GFP_KERNEL|__GFP_ZERO)"), g.getValue().getValueString());
		List<String> bits = Arrays.stream(g.getValue().getVariables()).map(v -> {
			try {
				return v.getName();
			} catch (DebugException e) {
				throw new AssertionError(e);
			}
		}).toList();
		// GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS (include/linux/gfp_types.h), in the header's bit order
		assertEquals(List.of("__GFP_IO", "__GFP_FS", "__GFP_ZERO", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM"), bits);
	}

	@Test
	void gfpNamesFollowTheKernelsTableOrder() {
		assertEquals("none", GfpNames.text(0));
		// GFP_USER is listed before GFP_KERNEL, so it is not printed as GFP_KERNEL|__GFP_HARDWALL
		assertEquals("GFP_USER", GfpNames.text(Gfp.GFP_USER));
		assertEquals("GFP_HIGHUSER_MOVABLE", GfpNames.text(Gfp.GFP_HIGHUSER_MOVABLE));
		assertEquals("GFP_ATOMIC|__GFP_NOWARN", GfpNames.text(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN));
		assertEquals("GFP_KERNEL|0x80000000", GfpNames.text(Gfp.GFP_KERNEL | 0x8000_0000L), "unknown bits in hex");
	}

	@Test
	void aStructPageShowsTheViewInUseTheFlagsAndTheRawWords() throws DebugException {
		IVariable p = SteppingTest.find(vars, "p");
		IVariable[] fields = p.getValue().getVariables();
		// a page just allocated holds one reference (set_page_refcounted(), mm/page_alloc.c)
		assertEquals("0x1 (1)", SteppingTest.find(fields, "_refcount").getValue().getValueString());
		assertTrue(SteppingTest.find(fields, "flags").getValue().hasVariables(), "page->flags splits into its fields");
		// sizeof(struct page) is 64 bytes on x86_64: eight unsigned longs
		assertEquals(8, SteppingTest.find(fields, "(raw words)").getValue().getVariables().length);
		assertTrue(SteppingTest.find(fields, "(other union views)").getValue().getVariables().length > 0);
	}

	@Test
	void aPtePointerExpandsToTheEntryAndItsBits() throws DebugException {
		Suspension s = target.suspension();
		long pfn = s.variables().get("pfn").bits();
		IVariable ptep = SteppingTest.find(vars, "ptep");
		assertEquals("pte_t *", ptep.getReferenceTypeName());
		IVariable pte = SteppingTest.find(ptep.getValue().getVariables(), "*ptep");
		assertEquals("pte_t", pte.getReferenceTypeName());
		IVariable[] bits = pte.getValue().getVariables();
		assertEquals("true", SteppingTest.find(bits, "(present)").getValue().getValueString());
		assertEquals("0x" + Long.toHexString(pfn), SteppingTest.find(bits, "(pfn)").getValue().getValueString());
		// a written PROT_READ|PROT_WRITE user page: _PAGE_PRESENT, _PAGE_RW, _PAGE_USER set
		// (arch/x86/include/asm/pgtable_types.h)
		String decoded = SteppingTest.find(bits, "(bits)").getValue().getValueString();
		assertTrue(decoded.contains("P ") && decoded.contains("RW") && decoded.contains("US"), decoded);
	}

	@Test
	void zonesAndTheCurrentAddressSpaceAreUnderTheMachineRow() throws DebugException {
		IVariable z = SteppingTest.find(vars, "z");
		IVariable[] zone = z.getValue().getVariables();
		assertEquals("\"DMA32\"", SteppingTest.find(zone, "name").getValue().getValueString());
		IVariable[] machine = SteppingTest.find(vars, "machine").getValue().getVariables();
		SteppingTest.find(machine, "zone DMA32");
		IVariable mm = SteppingTest.find(machine, "current mm");
		assertTrue(mm.getValue().getValueString().startsWith("app (pid "), "the process's mm while its block runs: "
				+ mm.getValue().getValueString());
	}
}
