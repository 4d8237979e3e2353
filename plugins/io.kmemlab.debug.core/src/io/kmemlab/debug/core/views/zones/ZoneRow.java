package io.kmemlab.debug.core.views.zones;

import io.kmemlab.emulator.inspect.ChangeSet;
import io.kmemlab.emulator.inspect.ZoneSnapshot;
import java.util.List;
import java.util.Map;

/**
 * One zone as the view shows it: its snapshot and the counters the last step changed, by the
 * names {@link ChangeSet.CounterChange#counter()} uses (nr_free_pages, managed, min,
 * protection[i], free_area[o].nr_free, pcp[cpu].count, ...), each with its value before the
 * step.
 */
public record ZoneRow(ZoneSnapshot zone, Map<String, Long> changedFrom) {
	public static final String FREE = "nr_free_pages";
	public static final String SPANNED = "spanned";
	public static final String PRESENT = "present";
	public static final String MANAGED = "managed";
	public static final String MIN = "min";
	public static final String LOW = "low";
	public static final String HIGH = "high";

	public ZoneRow {
		changedFrom = Map.copyOf(changedFrom);
	}

	/** "Node 0, zone Normal", as /proc/zoneinfo heads a zone. */
	public String title() {
		return "Node " + zone.nid() + ", zone " + zone.name();
	}

	public boolean changed(String counter) {
		return changedFrom.containsKey(counter);
	}

	/** The value {@code counter} had before the step, or null when the step did not change it. */
	public Long before(String counter) {
		return changedFrom.get(counter);
	}

	public static String freeArea(int order) {
		return "free_area[" + order + "].nr_free";
	}

	public static String protection(int zoneIndex) {
		return "protection[" + zoneIndex + "]";
	}

	public static String pcpCount(int cpu) {
		return "pcp[" + cpu + "].count";
	}

	/** Whether any of the per-CPU list counters changed (the pcp row of the zone). */
	public boolean pcpChanged() {
		return changedFrom.keySet().stream().anyMatch(k -> k.startsWith("pcp"));
	}

	/** Whether any lowmem_reserve entry changed. */
	public boolean protectionChanged() {
		return changedFrom.keySet().stream().anyMatch(k -> k.startsWith("protection["));
	}

	/** Pages on the buddy free lists counted from buddyinfo: sum of nr_free &lt;&lt; order. */
	public long buddyPages() {
		List<Long> blocks = zone.freeBlocks();
		long sum = 0;
		for (int o = 0; o < blocks.size(); o++) {
			sum += blocks.get(o) << o;
		}
		return sum;
	}

	/** lowmem_reserve[] as /proc/zoneinfo prints "protection: (a, b, c)". */
	public String protectionText() {
		StringBuilder sb = new StringBuilder("(");
		List<Long> r = zone.lowmemReserve();
		for (int i = 0; i < r.size(); i++) {
			sb.append(i == 0 ? "" : ", ").append(r.get(i));
		}
		return sb.append(')').toString();
	}

	/** The free-block counts of the zone as /proc/buddyinfo prints its line, orders 0 up. */
	public String buddyinfoText() {
		StringBuilder sb = new StringBuilder("Node ").append(zone.nid()).append(", zone ");
		sb.append(String.format("%8s", zone.name()));
		for (long n : zone.freeBlocks()) {
			sb.append(String.format(" %6d", n));
		}
		return sb.toString();
	}
}
