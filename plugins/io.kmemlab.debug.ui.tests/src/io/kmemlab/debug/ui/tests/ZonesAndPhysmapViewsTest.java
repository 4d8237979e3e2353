package io.kmemlab.debug.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmemlab.debug.core.KmemDebug;
import io.kmemlab.debug.core.breakpoints.KmemLineBreakpoint;
import io.kmemlab.debug.core.launch.LaunchSettings;
import io.kmemlab.debug.core.model.KmemDebugTarget;
import io.kmemlab.debug.core.model.KmemStackFrame;
import io.kmemlab.debug.core.views.MemoryTarget;
import io.kmemlab.debug.core.views.physmap.MapViewport;
import io.kmemlab.debug.core.views.physmap.OwnerPalette;
import io.kmemlab.debug.core.views.physmap.PhysmapModel;
import io.kmemlab.debug.core.views.zones.ZoneRow;
import io.kmemlab.debug.ui.views.MemoryView;
import io.kmemlab.debug.ui.views.MemoryViews;
import io.kmemlab.debug.ui.views.physmap.PhysmapView;
import io.kmemlab.debug.ui.views.zones.ZonesView;
import io.kmemlab.emulator.store.FrameOwner;
import io.kmemlab.interpreter.debug.Evaluation;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Zones &amp; Buddy and Physical Map views on the examples' 24 GiB PC (examples/machines.kmem,
 * machine pc), in a suspended debug session: what they show, checked against the kernel's
 * formulas and the language's frames_owned_by(); a step that both update with the change
 * highlighted; a click that publishes the frame and opens the Page Descriptor; PNG and SVG
 * export. Screenshots: target/screenshots/view-zones.png and view-physmap.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZonesAndPhysmapViewsTest {
	static final String SCENARIO = """
			import "machines.kmem"

			// The zones of the 24 GiB PC and who owns its frames, before and after an allocation.
			scenario "zones and frames" on pc {
			    let slabs = frames_owned_by("slab")
			    let p = alloc_pages(GFP_KERNEL, 3)
			    let pfn = page_to_pfn(p)
			    __free_pages(p, 3)
			}
			""";
	/** The RAM of machine pc in examples/machines.kmem (its /proc/iomem "System RAM" lines, inclusive). */
	static final long[][] RAM = { { 0x1000, 0x9fbff }, { 0x100000, 0xbfffffffL }, { 0x100000000L, 0x63fffffffL } };

	private KmemDebugTarget target;
	private ZonesView zones;
	private PhysmapView physmap;

	static Path examples() {
		return Path.of(System.getProperty("kmemlab.repository", "../..")).resolve("examples");
	}

	static int lineOf(String fragment) {
		int at = SCENARIO.indexOf(fragment);
		assertTrue(at >= 0, fragment);
		return (int) SCENARIO.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
	}

	@BeforeAll
	void suspendBeforeTheAllocation() throws Exception {
		Ui.window().getShell().setBounds(0, 0, 1600, 1000);
		PlatformUI.getWorkbench().getIntroManager().closeIntro(PlatformUI.getWorkbench().getIntroManager().getIntro());
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_perspective_on_suspend", MessageDialogWithToggle.ALWAYS);
		DebugUITools.getPreferenceStore().setValue("org.eclipse.debug.ui.switch_to_perspective", MessageDialogWithToggle.ALWAYS);
		String machines = Files.readString(examples().resolve("machines.kmem"));
		assertTrue(machines.contains("machine pc {") && machines.contains("ram 0x100000000 .. 0x63fffffff"),
				"examples/machines.kmem still describes the 24 GiB pc this test derives its numbers from");
		Ui.file("views-zones-test", "machines.kmem", machines);
		IFile file = Ui.file("views-zones-test", "zones.kmem", SCENARIO);
		KmemLineBreakpoint.create(file, lineOf("let p ="));
		ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(KmemDebug.LAUNCH_TYPE_ID)
				.newInstance(null, "zones and frames");
		new LaunchSettings(file.getFullPath().toPortableString(), "zones and frames", "", false, false).writeTo(wc);
		DebugUITools.launch(wc, ILaunchManager.DEBUG_MODE);
		Ui.waitUntil(() -> (target = kmemTarget()) != null && target.isSuspended(), "the scenario suspends at its breakpoint");
		Ui.waitUntil(() -> topLine() == lineOf("let p ="), () -> "suspended before line " + lineOf("let p =") + " (at " + topLine() + ")");
		Ui.page().showView(IDebugUIConstants.ID_DEBUG_VIEW);
		zones = (ZonesView) Ui.page().showView(MemoryViews.ZONES);
		physmap = (PhysmapView) Ui.page().showView(MemoryViews.PHYSICAL_MAP);
		Ui.waitUntil(() -> zones.model() != null && zones.upToDate(), "the Zones & Buddy view shows the suspended session");
		Ui.waitUntil(() -> physmap.model() != null && physmap.upToDate() && physmap.image() != null, "the Physical Map shows it");
	}

	@AfterAll
	void end() throws CoreException {
		if (target != null && !target.isTerminated()) {
			target.terminate();
			// the next test class starts without a session: the views must have seen this one end
			Ui.waitUntil(target::isTerminated, "the session ends");
		}
		var launches = DebugPlugin.getDefault().getLaunchManager();
		launches.removeLaunches(launches.getLaunches());
		Ui.settle(Duration.ofMillis(500));
		DebugPlugin.getDefault().getBreakpointManager()
				.removeBreakpoints(DebugPlugin.getDefault().getBreakpointManager().getBreakpoints(KmemDebug.MODEL_ID), true);
		// leave the workbench as the next test class expects to find it: no editor of ours open
		Ui.page().closeAllEditors(false);
	}

	/** RAM frames in [start, end): memblock keeps whole pages, PFN_UP(base) to PFN_DOWN(end + 1). */
	static long presentIn(long start, long end) {
		long n = 0;
		for (long[] r : RAM) {
			n += Math.max(0, Math.min(end, (r[1] + 1) >> 12) - Math.max(start, (r[0] + 4095) >> 12));
		}
		return n;
	}

	private TreeItem zoneItem(String name) {
		for (TreeItem node : zones.tree().getItems()) {
			for (TreeItem z : node.getItems()) {
				if (z.getText(0).equals(name)) {
					return z;
				}
			}
		}
		throw new AssertionError("no zone " + name + " in" + Ui.rows(zones.tree()));
	}

	private long cell(TreeItem item, String column) {
		return Long.parseLong(item.getText(ZonesView.COLUMNS.indexOf(column)));
	}

	@Test
	@Order(1)
	void theZonesViewShowsSizesAndWatermarksByTheKernelsFormulas() {
		assertEquals("Node 0", zones.tree().getItem(0).getText(0));
		// x86_64 zone limits (arch/x86/mm/init.c zone_sizes_init, v6.6): DMA below 16 MiB, DMA32
		// below 4 GiB, Normal up to max_pfn; the first zone starts at the lowest RAM pfn.
		// spanned = end - start, present = RAM pages inside (mm/mm_init.c, v6.6).
		long first = (RAM[0][0] + 4095) >> 12, maxPfn = (RAM[2][1] + 1) >> 12;
		long[][] limits = { { first, 4096 }, { 4096, 1L << 20 }, { 1L << 20, maxPfn } };
		String[] names = { "DMA", "DMA32", "Normal" };
		long lowmem = 0;
		for (int i = 0; i < 3; i++) {
			TreeItem z = zoneItem(names[i]);
			assertEquals(limits[i][1] - limits[i][0], cell(z, "spanned"), names[i] + " spanned");
			assertEquals(presentIn(limits[i][0], limits[i][1]), cell(z, "present"), names[i] + " present");
			lowmem += cell(z, "managed");
		}
		// mm/page_alloc.c calculate_min_free_kbytes(), __setup_per_zone_wmarks() (v6.6) and, with
		// CONFIG_TRANSPARENT_HUGEPAGE, mm/khugepaged.c set_recommended_min_free_kbytes() (v6.6)
		long minFreeKb = Math.max(128, Math.min(262144, (long) Math.floor(Math.sqrt((double) lowmem * 4 * 16))));
		minFreeKb = Math.max(minFreeKb, Math.min(512L * 3 * 2 + 512L * 3 * 3 * 3, lowmem / 20) << 2);
		for (String name : names) {
			TreeItem z = zoneItem(name);
			long managed = cell(z, "managed");
			long min = (minFreeKb >> 2) * managed / lowmem, tmp = Math.max(min >> 2, managed * 10 / 10000);
			assertEquals(min, cell(z, "min"), name + " min");
			assertEquals(min + tmp, cell(z, "low"), name + " low");
			assertEquals(min + 2 * tmp, cell(z, "high"), name + " high");
		}
		// setup_per_zone_lowmem_reserve() (v6.6), ratio 256 for DMA: managed above it / 256
		long dma32 = cell(zoneItem("DMA32"), "managed"), normal = cell(zoneItem("Normal"), "managed");
		assertTrue(zoneItem("DMA").getText(8).startsWith("(0, " + dma32 / 256 + ", " + (dma32 + normal) / 256 + ","), zoneItem("DMA").getText(8));
		// one chart panel per zone with pages; the buddy chart adds up to the free column
		assertEquals(List.of("DMA", "DMA32", "Normal"), zones.charts().panels().stream().map(r -> r.zone().name()).toList());
		for (ZoneRow r : zones.charts().panels()) {
			assertEquals(cell(zoneItem(r.zone().name()), "free"), r.buddyPages(), r.title());
		}
		assertTrue(zoneItem("Normal").getItemCount() == 2 && zoneItem("Normal").getItem(1).getText(0).startsWith("cpu 1"),
				"one per-CPU list row per CPU (cpus 2)");
	}

	@Test
	@Order(2)
	void thePhysicalMapsOwnerCountsAreWhatFramesOwnedBySays() {
		Map<String, Long> legend = new HashMap<>();
		for (TableItem i : physmap.legend().getItems()) {
			legend.put(i.getText(0), Long.parseLong(i.getText(1)));
		}
		assertEquals(FrameOwner.values().length, legend.size());
		for (FrameOwner o : FrameOwner.values()) {
			Evaluation e = target.evaluate("frames_owned_by(\"" + o.label + "\")");
			assertTrue(e != null && e.ok(), o.label + ": " + (e == null ? "no answer" : e.text()));
			assertEquals(e.value().bits(), legend.get(o.label).longValue(), "frames_owned_by(\"" + o.label + "\")");
		}
		assertTrue(legend.get("memmap") > 0 && legend.get("kernel") > 0 && legend.get("hole") > 0);
		// the whole machine at once: every frame in one screen, no cell holding more than its share
		MapViewport v = physmap.viewport();
		assertTrue(v.showsAll(), v.toString());
		assertEquals(physmap.model().frames(), (RAM[2][1] + 1) >> 12, "frames up to max_pfn");
	}

	@Test
	@Order(3)
	void hoverAndZoomReachSingleFrames() {
		PhysmapModel m = physmap.model();
		// the kernel image at 16 MiB (machine pc: kernel-image at 16M): pfn 0x1000 is kernel, in DMA32
		physmap.showFrames(0x1000);
		MapViewport v = physmap.viewport();
		assertEquals(1, v.framesPerCell());
		assertTrue(v.cellPx() > 1);
		String text = physmap.describe(v.cellPx() / 2, v.cellPx() / 2);
		assertTrue(text.startsWith("pfn 0x" + Long.toHexString(v.startPfn()) + ": "), text);
		int px = (int) (0x1000 - v.startPfn()) % v.columns() * v.cellPx() + 1, py = (int) ((0x1000 - v.startPfn()) / v.columns()) * v.cellPx() + 1;
		assertEquals("pfn 0x1000: kernel, zone DMA32, node 0", physmap.describe(px, py));
		assertEquals(OwnerPalette.rgb(FrameOwner.KERNEL), physmap.image().pixel(px, py));
		// hover through the canvas itself
		Event move = new Event();
		move.x = px;
		move.y = py;
		physmap.canvas().notifyListeners(SWT.MouseMove, move);
		assertEquals("pfn 0x1000: kernel, zone DMA32, node 0", physmap.hoverText());
		assertEquals(m, physmap.model(), "zooming reads nothing new from the session");
	}

	@Test
	@Order(4)
	void aClickPublishesTheFrameAndOpensThePageDescriptor() {
		MapViewport v = physmap.viewport();
		Event up = new Event();
		up.button = 1;
		up.count = 1;
		up.x = 1;
		up.y = 1;
		physmap.canvas().notifyListeners(SWT.MouseUp, up);
		IStructuredSelection s = (IStructuredSelection) physmap.getSite().getSelectionProvider().getSelection();
		assertEquals(new MemoryTarget(MemoryTarget.Type.PFN, v.startPfn()), s.getFirstElement());
		if (PlatformUI.getWorkbench().getViewRegistry().find(MemoryViews.PAGE) != null) {
			IViewPart page = Ui.page().findView(MemoryViews.PAGE);
			assertNotNull(page, "the Page Descriptor view is open");
			assertTrue(page instanceof MemoryView<?>);
		}
		Ui.page().activate(physmap);
	}

	@Test
	@Order(5)
	void aStepUpdatesBothViewsWithTheChangesHighlighted() throws Exception {
		physmap.getSite().getPage().bringToTop(physmap);
		TreeItem before = zoneItem("Normal");
		long freeBefore = cell(before, "free");
		PhysmapModel mapBefore = physmap.model();
		target.stepOver();
		Ui.waitUntil(() -> target.isSuspended() && topLine() == lineOf("let pfn"), "the step over alloc_pages ends");
		Ui.waitUntil(() -> zones.upToDate() && zones.model() != null && zones.model().anyChanged(), "the Zones view shows the step");
		Ui.waitUntil(() -> physmap.upToDate() && physmap.model() != mapBefore, "the Physical Map shows the step");
		Evaluation pfn = target.evaluate("page_to_pfn(p)");
		assertTrue(pfn.ok(), pfn.text());
		long frame = pfn.value().bits();
		TreeItem normal = zoneItem("Normal");
		int free = ZonesView.COLUMNS.indexOf("free");
		// the order-3 block came through the per-CPU list (pcp_allowed_order(): order <= PAGE_ALLOC_COSTLY_ORDER),
		// whose empty order-3 list was refilled by rmqueue_bulk() with nr_pcp_alloc() blocks: batch >> order,
		// at least 2 (mm/page_alloc.c, 6.12); NR_FREE_PAGES drops by every page moved to the list. Its free
		// cell is highlighted and the model keeps the former value.
		int batch = zones.model().zone(0, "Normal").zone().pcp().get(0).batch();
		long refill = batch > 1 ? Math.max(batch >> 3, 2) : 1;
		assertEquals(freeBefore - refill * 8, cell(normal, "free"));
		assertEquals(MemoryView.changedBackground(), normal.getBackground(free));
		assertEquals(Long.valueOf(freeBefore), zones.model().zone(0, "Normal").before(ZoneRow.FREE));
		assertFalse(MemoryView.changedBackground().equals(zoneItem("DMA").getBackground(free)), "DMA did not change");
		// the eight frames of the block are marked as changed on the map
		assertTrue(physmap.model().changed().stream().anyMatch(c -> c.owner() && c.startPfn() <= frame && frame + 8 <= c.endPfn()),
				physmap.model().changed().toString());
		zoomOutFully();
		assertTrue(physmap.model().changedCells(physmap.viewport()).size() > 0, "the change is marked at full zoom-out too");
		shoot(zones, "view-zones.png");
		shoot(physmap, "view-physmap.png");
		// down to single frames around the block: its frames boxed, the owners of their neighbours
		physmap.showFrames(frame - frame % 64);
		assertTrue(physmap.viewport().cellPx() > 1);
		assertTrue(physmap.model().changedCells(physmap.viewport()).size() > 0);
		shoot(physmap, "view-physmap-frames.png");
		fit();
	}

	@Test
	@Order(6)
	void exportWritesAValidPngAndSvg() throws Exception {
		Path dir = Path.of(System.getProperty("kmemlab.screenshots", "target/screenshots"));
		Path png = dir.resolve("physmap-export.png"), svg = dir.resolve("physmap-export.svg");
		physmap.exportPng(png);
		physmap.exportSvg(svg);
		ImageData data = new ImageLoader().load(png.toString())[0];
		assertEquals(SWT.IMAGE_PNG, data.type);
		assertTrue(data.width >= physmap.viewport().width() && data.height > physmap.viewport().height(), data.width + "x" + data.height);
		// the top left frame of the exported map has the colour of the owner shown there
		int x = 4, y = physmap.viewport().height() / 2;
		RGB rgb = data.palette.getRGB(data.getPixel(x, y));
		FrameOwner owner = physmap.image().ownerAt(x, y);
		int expect = OwnerPalette.rgb(owner);
		assertEquals(new RGB((expect >> 16) & 0xFF, (expect >> 8) & 0xFF, expect & 0xFF), rgb, "pixel at " + x + "," + y + " (" + owner + ")");
		var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
		assertEquals("svg", doc.getDocumentElement().getTagName());
		assertTrue(Files.readString(svg).contains("memmap: " + physmap.model().counts().get(FrameOwner.MEMMAP) + " frames"));
	}

	private void zoomOutFully() {
		fit();
		assertTrue(physmap.viewport().showsAll(), physmap.viewport().toString());
	}

	private void fit() {
		var item = physmap.getViewSite().getActionBars().getToolBarManager().find("io.kmemlab.debug.ui.views.physmap.fit");
		assertNotNull(item, "the Whole Machine button");
		((org.eclipse.jface.action.ActionContributionItem) item).getAction().run();
	}

	/** A screenshot of the workbench with {@code view} maximised. */
	private void shoot(IViewPart view, String name) throws Exception {
		IWorkbenchPage page = Ui.page();
		Ui.settle(Duration.ofMillis(500));             // the step's editor reveal comes first
		page.activate(view);
		page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
		Ui.settle(Duration.ofMillis(800));
		try {
			Ui.screenshot(Ui.window().getShell(), name);
		} finally {
			page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
			Ui.settle(Duration.ofMillis(300));
		}
	}

	private int topLine() {
		try {
			return target.isSuspended() && target.activeThread().getTopStackFrame() instanceof KmemStackFrame f ? f.getLineNumber() : -1;
		} catch (Exception e) {
			return -1;
		}
	}

	private static KmemDebugTarget kmemTarget() {
		for (var l : DebugPlugin.getDefault().getLaunchManager().getLaunches()) {
			for (var t : l.getDebugTargets()) {
				if (t instanceof KmemDebugTarget k && !k.isTerminated()) {
					return k;
				}
			}
		}
		return null;
	}
}
