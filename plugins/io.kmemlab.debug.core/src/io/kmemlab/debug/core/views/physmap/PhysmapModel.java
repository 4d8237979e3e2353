package io.kmemlab.debug.core.views.physmap;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.Inspector;
import io.kmemlab.emulator.inspect.PhysicalMap;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import io.kmemlab.emulator.store.FrameOwner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What the Physical Map view shows for one suspension: the whole machine's frames as runs
 * (zooming and scrolling then need no further reads of the machine), the zones' extents, and
 * the frames the last step changed (owner changes and written frames) as ranges. Immutable;
 * build it with {@link #read} on the thread that owns the machine.
 */
public final class PhysmapModel {
	public static final PhysmapModel EMPTY = new PhysmapModel(null, List.of(), List.of(), 0);

	/** Frames [startPfn, endPfn) the last step changed; {@code owner} tells an owner change from a write. */
	public record Changed(long startPfn, long endPfn, boolean owner) {
	}

	private final PhysicalMap map;
	private final List<ZoneExtent> zones;
	private final List<Changed> changed;
	private final long frames;

	private PhysmapModel(PhysicalMap map, List<ZoneExtent> zones, List<Changed> changed, long frames) {
		this.map = map;
		this.zones = List.copyOf(zones);
		this.changed = List.copyOf(changed);
		this.frames = frames;
	}

	/** The model of {@code machine} now, marking what {@code changes} changed (null: nothing). */
	public static PhysmapModel read(Machine machine, ChangeSet changes) {
		Inspector in = machine.inspect();
		return of(in.physicalMap(), in.zones(), changes);
	}

	public static PhysmapModel of(PhysicalMap map, List<ZoneSnapshot> zones, ChangeSet changes) {
		List<ZoneExtent> extents = new ArrayList<>();
		for (ZoneSnapshot z : zones) {
			if (z.spanned() > 0) {
				extents.add(new ZoneExtent(z.nid(), z.name(), z.startPfn(), z.endPfn()));
			}
		}
		extents.sort(Comparator.comparingLong(ZoneExtent::startPfn));
		List<Changed> ch = new ArrayList<>();
		if (changes != null) {
			for (ChangeSet.OwnerChange o : changes.owners()) {
				ch.add(new Changed(o.startPfn(), o.endPfn(), true));
			}
			for (ChangeSet.FrameWrite f : changes.frames()) {
				ch.add(new Changed(f.pfn(), f.pfn() + 1, false));
			}
			ch.sort(Comparator.comparingLong(Changed::startPfn));
		}
		return new PhysmapModel(map, extents, ch, map.endPfn());
	}

	/** Null for {@link #EMPTY}. */
	public PhysicalMap map() {
		return map;
	}

	public long frames() {
		return frames;
	}

	public List<ZoneExtent> zones() {
		return zones;
	}

	public List<Changed> changed() {
		return changed;
	}

	/** Frames per owner over the whole machine: frames_owned_by() for each owner. */
	public Map<FrameOwner, Long> counts() {
		return map == null ? Map.of() : map.counts();
	}

	public MapImage render(MapViewport v) {
		return MapRaster.render(map == null ? List.of() : map.runs(), v);
	}

	/** The run holding {@code pfn} (owner, zone, node), or null. */
	public PhysicalMap.FrameRun runAt(long pfn) {
		return map == null ? null : map.runAt(pfn);
	}

	/** The changed frames shown in {@code v}, as ranges of cell indices [first, last]. */
	public List<long[]> changedCells(MapViewport v) {
		List<long[]> out = new ArrayList<>();
		long end = Math.min(v.endPfn(), v.frames());
		for (Changed c : changed) {
			long s = Math.max(c.startPfn(), v.startPfn()), e = Math.min(c.endPfn(), end);
			if (s >= e) {
				continue;
			}
			long first = v.cellOf(s), last = v.cellOf(e - 1);
			if (!out.isEmpty() && out.get(out.size() - 1)[1] >= first - 1) {
				out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], last);
			} else {
				out.add(new long[] { first, last });
			}
		}
		return out;
	}
}
