package io.kmemlab.debug.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.PageModel;
import io.kmemlab.debug.core.views.PageTableNode;
import io.kmemlab.debug.core.views.PageTablesModel;
import io.kmemlab.debug.core.views.StepChanges;
import io.kmemlab.debug.core.views.TranslationModel;
import io.kmemlab.emulator.Checkpoint;
import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.Task;
import io.kmemlab.emulator.inspect.AddressRegion;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.emulator.mm.Gfp;
import io.kmemlab.emulator.process.UserFlags;
import io.kmemlab.emulator.trace.Trace;
import io.kmemlab.lang.types.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The models of the Translations, Page Descriptor and Page Tables views on the examples' 24 GiB
 * PC, without a workbench. Expected values come from the kernel's x86_64 formulas (v6.12):
 * PAGE_OFFSET 0xffff888000000000 and __pa(x) = x - PAGE_OFFSET for the direct map
 * (arch/x86/include/asm/page_64.h, no KASLR), PGDIR/PUD/PMD/PAGE_SHIFT 39/30/21/12 with 512
 * entries a table (arch/x86/include/asm/pgtable_64_types.h), entries 8 bytes.
 */
class MemoryViewModelsTest {
	static final long PAGE_OFFSET = 0xffff_8880_0000_0000L;
	static final Map<String, Integer> SHIFT = Map.of("pgd", 39, "pud", 30, "pmd", 21, "pte", 12);

	Machine m;
	Inspector in;

	@BeforeEach
	void boot() {
		m = Machine.boot(ZonesModelTest.pc());
		in = m.inspect();
	}

	@Test
	void aDirectMapAddressWalksToPaMinusPageOffset() {
		long va = PAGE_OFFSET + 0x1234_5678L;
		TranslationModel t = TranslationModel.of(in, "init_mm", va, StepChanges.NONE, null);
		assertEquals("init_mm", t.walk().space());
		assertTrue(t.walk().mapped());
		assertEquals(0x1234_5678L, t.walk().pa(), "__pa(x) = x - PAGE_OFFSET");
		assertEquals(0x1234_5678L >>> 12, t.walk().pfn());
		assertFalse(t.rows().isEmpty());
		for (TranslationModel.Row r : t.rows()) {
			int shift = SHIFT.get(r.cells().get(0));
			assertEquals(Long.toString((va >>> shift) & 511), r.cells().get(2), r.cells().get(0) + "_index");
			long table = Long.parseUnsignedLong(r.cells().get(1).substring(2), 16);
			assertEquals(table + 8 * ((va >>> shift) & 511), Long.parseUnsignedLong(r.cells().get(3).substring(2), 16));
			assertFalse(r.changed());
		}
		assertEquals(AddressRegion.Kind.DIRECT_MAP, t.walk().region().kind());
		assertTrue(t.summary().stream().anyMatch(s -> s.contains("region: direct map") && s.contains("right: __pa")), t.summary().toString());
		assertTrue(t.spaces().contains("init_mm"));
	}

	@Test
	void theFirstTouchOfAnAnonymousPageMarksEveryEntryOfItsWalk() {
		Task app = m.process("app");
		long u = m.mmap(app, 4096, UserFlags.PROT_READ | UserFlags.PROT_WRITE, 0, Trace.NONE);
		TranslationModel before = TranslationModel.of(in, "app", u, StepChanges.NONE, null);
		assertEquals(Translation.Outcome.NOT_MAPPED, before.walk().outcome(), "mmap maps nothing until the first touch");
		Checkpoint c = m.checkpoint();
		m.write(app, u, 1, 0x5a, Trace.NONE);
		StepChanges changes = new StepChanges(m.changesSince(c));
		TranslationModel after = TranslationModel.of(in, "app", u, changes, null);
		assertTrue(after.walk().mapped());
		assertEquals(4, after.rows().size(), "pgd, pud, pmd, pte (p4d folded)");
		// the fault allocates the pud, pmd and pte tables and fills each level (mm/memory.c __handle_mm_fault)
		for (TranslationModel.Row r : after.rows()) {
			assertTrue(r.changed(), r.cells().toString());
		}
		assertEquals("4K", after.summary().get(0).replaceAll(".*a (\\S+) mapping.*", "$1"));
		// a walk elsewhere is untouched by the step
		TranslationModel kernel = TranslationModel.of(in, "init_mm", PAGE_OFFSET + 0x100000, changes, null);
		assertTrue(kernel.rows().stream().noneMatch(TranslationModel.Row::changed));
	}

	@Test
	void aCompoundTailShowsEveryUnionViewAndLinksToItsHead() {
		long head = m.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2, Trace.NONE);
		long headPfn = m.pageToPfn(head, Trace.NONE);
		PageModel p = PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PFN, headPfn + 1), "init_mm", StepChanges.NONE, null);
		assertNotNull(p.page(), p.message());
		assertEquals(p.page().viewInUse(), p.views().keySet().iterator().next(), "the view in use comes first");
		assertEquals(p.page().views().size(), p.views().size(), "every union view is one click away");
		assertEquals(64 / 8, p.words().size(), "sizeof(struct page) 64: eight words");
		// set_compound_head(): page->compound_head = (unsigned long)head + 1 (include/linux/page-flags.h)
		assertEquals(head + 1, p.words().get(1).value());
		PageModel.Link link = p.links().stream().filter(l -> l.label().startsWith("compound head")).findFirst().orElseThrow();
		assertEquals(new MemoryTarget(MemoryTarget.Type.PFN, headPfn), link.target());
		// the same frame by its struct page * and by a virtual address mapping it (the direct map)
		assertEquals(headPfn + 1, PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PAGE, head + 64), null, StepChanges.NONE, null).page().pfn());
		assertEquals(headPfn + 1, PageModel.of(in, new MemoryTarget(MemoryTarget.Type.VIRTUAL, PAGE_OFFSET + ((headPfn + 1) << 12)), "init_mm",
				StepChanges.NONE, null).page().pfn());
		assertEquals(null, PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PAGE, head + 3), null, StepChanges.NONE, null).page(),
				"no descriptor starts in the middle of one");
	}

	@Test
	void theSummaryNamesThePageblocksMigrateType() {
		// gfp_migratetype(__GFP_MOVABLE) is MIGRATE_MOVABLE, and memmap_init() marked every
		// pageblock of RAM Movable (mm/mm_init.c, 6.12): the page comes from a Movable block
		long page = m.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0, Trace.NONE);
		PageModel p = PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PAGE, page), null, StepChanges.NONE, null);
		assertTrue(p.summary().get(0).endsWith("   pageblock Movable"), p.summary().toString());
	}

	@Test
	void getPageMarksTheRefcountAndNothingBeforeIt() {
		long page = m.allocPages(Gfp.GFP_KERNEL, 0, Trace.NONE);
		Checkpoint c = m.checkpoint();
		m.getPage(page, Trace.NONE);
		StepChanges changes = new StepChanges(m.changesSince(c));
		PageModel p = PageModel.of(in, new MemoryTarget(MemoryTarget.Type.PAGE, page), null, changes, null);
		assertEquals(2, p.page().refcount());
		List<PageModel.Field> fields = p.views().values().iterator().next();
		PageModel.Field ref = fields.stream().filter(f -> f.name().equals("_refcount")).findFirst().orElseThrow();
		assertTrue(ref.changed());
		// struct page 6.12: _refcount is at +52 (flags, lru, mapping, index, private, _mapcount before it)
		assertEquals(52, ref.offset());
		assertFalse(fields.stream().filter(f -> f.name().equals("flags")).findFirst().orElseThrow().changed());
	}

	@Test
	void pageTablesListThePresentPgdEntriesAndDescendOnDemand() {
		PageTablesModel t = PageTablesModel.of(in, "init_mm", false, StepChanges.NONE);
		assertEquals("init_mm", t.space().name());
		assertFalse(t.roots().isEmpty());
		for (PageTableNode n : t.roots()) {
			assertTrue(n.entry().raw() != 0, "only present entries by default");
			// pgd entry i covers i << 39, sign-extended from bit 47
			long va = ((long) n.entry().index() << 39) << 16 >> 16;
			assertEquals(va, n.va(), n.label());
		}
		PageTableNode direct = t.roots().stream().filter(n -> n.va() == PAGE_OFFSET - (PAGE_OFFSET & ((1L << 39) - 1))).findFirst()
				.orElseThrow(() -> new AssertionError("a pgd entry for the direct map"));
		assertTrue(direct.hasChildren());
		List<PageTableNode> puds = PageTableNode.entries(in, t.geometry(), direct.childTable(), direct.childLevel(), direct.va(), false,
				StepChanges.NONE);
		assertEquals("pud", puds.get(0).entry().name());
		for (PageTableNode p : puds) {
			assertEquals(direct.va() + ((long) p.entry().index() << 30), p.va());
		}
		assertTrue(PageTablesModel.of(in, "init_mm", true, StepChanges.NONE).roots().size() == 512, "with empty entries: all 512");
	}

	@Test
	void aValuesKindPicksTheView() {
		assertEquals(MemoryTarget.Type.PAGE, MemoryTarget.of(Kind.PAGE, 0xffffea0000040000L).kind());
		assertEquals(MemoryTarget.Type.PFN, MemoryTarget.of(Kind.PFN, 0x1000).kind());
		assertEquals(MemoryTarget.Type.VIRTUAL, MemoryTarget.of(Kind.PTE_PTR, PAGE_OFFSET).kind());
		assertEquals(null, MemoryTarget.of(Kind.GFP, 0xcc0));
		assertEquals(new MemoryTarget(MemoryTarget.Type.PAGE, 0xffffea0000040000L), MemoryTarget.parse("0xffffea0000040000", true));
		assertEquals(new MemoryTarget(MemoryTarget.Type.PFN, 4096), MemoryTarget.parse("4096", true));
		assertEquals(null, MemoryTarget.parse("p + 1", false));
	}
}
