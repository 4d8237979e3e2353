package io.kmemlab.debug.core.views;

import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PageDescriptor;
import io.kmemlab.emulator.inspect.Translation;
import io.kmemlab.interpreter.debug.LastWriters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Page Descriptor view shows for one struct page: every union view's fields (the
 * one in use first) with the step that last wrote each, the raw words, page->flags as fields
 * with bit ranges and the PG_ bits set, counts, and links to related descriptors. Built on
 * the engine thread from a {@link PageDescriptor}; immutable afterwards.
 *
 * @param page     the inspection object rendered, null when no descriptor was found
 * @param message  why there is none (or "")
 * @param views    field rows per union view name, the view in use first
 * @param words    the raw words, one row each
 * @param summary  pfn, address, zone, owner, page_type, refcount, mapcount
 * @param links    descriptors and objects to go to next
 */
public record PageModel(PageDescriptor page, String message, Map<String, List<Field>> views, List<Field> words, List<String> summary,
		List<Link> links) {
	public static final List<String> FIELD_COLUMNS = List.of("field", "offset", "bytes", "value", "last written by");

	public PageModel {
		views = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(views));
		words = List.copyOf(words);
		summary = List.copyOf(summary);
		links = List.copyOf(links);
	}

	/**
	 * One member of a union view, or one raw word.
	 *
	 * @param cells   the texts of {@link #FIELD_COLUMNS}
	 * @param changed the last step wrote one of its bytes
	 * @param writer  the step that last wrote it, null when none did since the start
	 */
	public record Field(String name, int offset, int bytes, long value, List<String> cells, boolean changed, Writer writer) {
		public Field {
			cells = List.copyOf(cells);
		}
	}

	/** A place to go from this descriptor: another frame's, or an address to walk. */
	public record Link(String label, MemoryTarget target) { }

	public static PageModel none(String message) {
		return new PageModel(null, message, Map.of(), List.of(), List.of(), List.of());
	}

	/**
	 * The descriptor {@code target} names (a struct page *, a pfn, a physical address, or a
	 * virtual address: the frame it maps in the address space {@code space}); call on the
	 * machine's thread.
	 */
	public static PageModel of(Inspector inspector, MemoryTarget target, String space, StepChanges changes, LastWriters writers) {
		if (inspector == null || target == null) {
			return none("no frame chosen");
		}
		PageDescriptor d = switch (target.kind()) {
			case PAGE -> inspector.pageAt(target.value());
			case PFN -> inspector.page(target.value());
			case PHYSICAL -> inspector.page(target.value() >>> 12);
			case VIRTUAL -> {
				Translation t = inspector.walk(inspector.addressSpace(space == null ? "init_mm" : space), target.value());
				yield t == null || t.pfn() < 0 ? null : inspector.page(t.pfn());
			}
		};
		if (d == null) {
			return none("no struct page at " + Hex.of(target.value()) + (target.kind() == MemoryTarget.Type.PAGE
					? ": not the address of a descriptor (pfn_to_page of no frame)"
					: target.kind() == MemoryTarget.Type.VIRTUAL ? ": the address maps no frame in " + space
					: ": no descriptor for that frame (a hole, or before the boot builds mem_map)"));
		}
		return of(d, changes, writers);
	}

	public static PageModel of(PageDescriptor d, StepChanges changes, LastWriters writers) {
		Map<String, List<Field>> views = new LinkedHashMap<>();
		views.put(d.viewInUse(), fields(d, d.inUse(), changes, writers));
		for (PageDescriptor.View v : d.views()) {
			views.putIfAbsent(v.name(), fields(d, v, changes, writers));
		}
		List<Field> words = new ArrayList<>();
		long[] raw = d.raw();
		for (int i = 0; i < raw.length; i++) {
			int off = i * d.wordBytes();
			Writer w = writers == null ? null : Writer.of(writers.field(d.pfn(), off, d.wordBytes()));
			words.add(new Field("word " + i, off, d.wordBytes(), raw[i], List.of("word " + i, "+" + off, Integer.toString(d.wordBytes()),
					Hex.wide(raw[i]), w == null ? "" : w.text()), changes.field(d.pfn(), off, d.wordBytes()), w));
		}
		List<String> summary = new ArrayList<>();
		summary.add("pfn " + Hex.of(d.pfn()) + "   struct page " + Hex.of(d.address()) + "   node " + d.nid() + "   zone " + d.zone()
				+ "   owner " + d.owner().label + (d.migratetype() == null ? "" : "   pageblock " + d.migratetype()));
		summary.add("page_type " + (d.pageType() == null ? "none" : d.pageType()) + "   refcount " + d.refcount() + "   mapcount "
				+ d.mapcount() + " (_mapcount " + d.mapcountRaw() + ")" + (d.slabCache() == null ? "" : "   slab cache " + d.slabCache()));
		summary.add("flags " + Hex.of(d.flags()) + "   " + (d.pgFlags().isEmpty() ? "no PG_ bits set" : String.join(" ", d.pgFlags())));
		return new PageModel(d, "", views, words, summary, links(d));
	}

	private static List<Field> fields(PageDescriptor d, PageDescriptor.View v, StepChanges changes, LastWriters writers) {
		List<Field> out = new ArrayList<>();
		for (PageDescriptor.FieldValue f : v.fields()) {
			Writer w = writers == null ? null : Writer.of(writers.field(d.pfn(), f.offset(), f.bytes()));
			boolean bitfield = f.bits() > 0 && f.bits() < 8 * f.bytes();
			String off = "+" + f.offset() + (bitfield ? " bits " + f.bit() + ".." + (f.bit() + f.bits() - 1) : "");
			out.add(new Field(f.name(), f.offset(), f.bytes(), f.value(),
					List.of(f.name(), off, Integer.toString(f.bytes()), value(f, bitfield), w == null ? "" : w.text()),
					changes.field(d.pfn(), f.offset(), f.bytes()), w));
		}
		return out;
	}

	/**
	 * A 4-byte member is an int or atomic_t in struct page (_mapcount, _refcount, page_type,
	 * the folio's counts): printed as the kernel's int, with its hex beside it.
	 */
	static String value(PageDescriptor.FieldValue f, boolean bitfield) {
		if (f.bytes() == 4 && !bitfield) {
			return (int) f.value() + " (" + String.format("0x%08x", f.value() & 0xffff_ffffL) + ")";
		}
		return Hex.of(f.value());
	}

	/** Compound head and tails, buddy, mapping: where a reader of this descriptor goes next. */
	static List<Link> links(PageDescriptor d) {
		List<Link> out = new ArrayList<>();
		PageDescriptor.Compound c = d.compound();
		if (c != null) {
			if (!c.isHead()) {
				out.add(new Link("compound head: pfn " + Hex.of(c.headPfn()) + " (order " + c.order() + ")", new MemoryTarget(MemoryTarget.Type.PFN, c.headPfn())));
			} else if (c.nrPages() > 1) {
				out.add(new Link("first tail: pfn " + Hex.of(c.headPfn() + 1), new MemoryTarget(MemoryTarget.Type.PFN, c.headPfn() + 1)));
				out.add(new Link("last tail: pfn " + Hex.of(c.headPfn() + c.nrPages() - 1) + " (" + (c.nrPages() - 1) + " tails)",
						new MemoryTarget(MemoryTarget.Type.PFN, c.headPfn() + c.nrPages() - 1)));
			}
		}
		if (d.folio() != null && d.folio().headPfn() != d.pfn()) {
			out.add(new Link("folio: pfn " + Hex.of(d.folio().headPfn()), new MemoryTarget(MemoryTarget.Type.PFN, d.folio().headPfn())));
		}
		if (d.buddyPfn() >= 0) {
			out.add(new Link("buddy: pfn " + Hex.of(d.buddyPfn()), new MemoryTarget(MemoryTarget.Type.PFN, d.buddyPfn())));
		}
		Long mapping = d.inUse().get("mapping");
		if (mapping != null && mapping != 0) {
			// PAGE_MAPPING_ANON (bit 0) marks an anon_vma: the pointer is the word without it (include/linux/page-flags.h)
			boolean anon = (mapping & 1) != 0;
			out.add(new Link((anon ? "anon_vma " : "mapping ") + Hex.of(mapping & ~3L), new MemoryTarget(MemoryTarget.Type.VIRTUAL, mapping & ~3L)));
		}
		if (d.slabCache() != null) {
			Long slabCache = d.inUse().get("slab_cache");
			out.add(new Link("slab cache " + d.slabCache() + (slabCache == null ? "" : " at " + Hex.of(slabCache)),
					slabCache == null ? null : new MemoryTarget(MemoryTarget.Type.VIRTUAL, slabCache)));
		}
		return out;
	}
}
