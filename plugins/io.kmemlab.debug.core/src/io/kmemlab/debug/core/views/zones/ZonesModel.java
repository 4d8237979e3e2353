package io.kmemlab.debug.core.views.zones;

import io.kmemlab.emulator.Machine;
import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Zones &amp; Buddy view shows for one suspension: every zone of every node (empty
 * ones too, as /proc/zoneinfo lists them), in node then zone order, with the counters the last
 * step changed. Immutable; build it with {@link #read} on the thread that owns the machine.
 */
public final class ZonesModel {
	public static final ZonesModel EMPTY = new ZonesModel(List.of());

	private final List<ZoneRow> rows;

	private ZonesModel(List<ZoneRow> rows) {
		this.rows = List.copyOf(rows);
	}

	/** The model of {@code machine} now, highlighting what {@code changes} changed (null: nothing). */
	public static ZonesModel read(Machine machine, ChangeSet changes) {
		return of(machine.inspect().zones(), changes);
	}

	public static ZonesModel of(List<ZoneSnapshot> zones, ChangeSet changes) {
		Map<String, Map<String, Long>> changed = new HashMap<>();
		if (changes != null) {
			for (ChangeSet.CounterChange c : changes.counters()) {
				// the earliest "before" of a counter wins if a set ever names it twice
				changed.computeIfAbsent(c.nid() + "/" + c.zone(), k -> new LinkedHashMap<>()).putIfAbsent(c.counter(), c.before());
			}
		}
		List<ZoneRow> out = new ArrayList<>(zones.size());
		for (ZoneSnapshot z : zones) {
			out.add(new ZoneRow(z, changed.getOrDefault(z.nid() + "/" + z.name(), Map.of())));
		}
		return new ZonesModel(out);
	}

	public List<ZoneRow> rows() {
		return rows;
	}

	/** The node ids, ascending. */
	public List<Integer> nodes() {
		return rows.stream().map(r -> r.zone().nid()).distinct().sorted().toList();
	}

	public List<ZoneRow> zonesOf(int nid) {
		return rows.stream().filter(r -> r.zone().nid() == nid).toList();
	}

	/** The zone named {@code name} on node {@code nid}, or null. */
	public ZoneRow zone(int nid, String name) {
		for (ZoneRow r : rows) {
			if (r.zone().nid() == nid && r.zone().name().equals(name)) {
				return r;
			}
		}
		return null;
	}

	/** Whether the last step changed any counter of any zone. */
	public boolean anyChanged() {
		return rows.stream().anyMatch(r -> !r.changedFrom().isEmpty());
	}

	/** The zones that have pages (spanned &gt; 0): the ones worth a chart. */
	public List<ZoneRow> populated() {
		return rows.stream().filter(r -> r.zone().spanned() > 0).toList();
	}
}
