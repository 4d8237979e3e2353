package io.kmemlab.debug.core.views.physmap;

/** The pfn range a zone spans (zone_start_pfn to zone_end_pfn()), for drawing its boundaries. */
public record ZoneExtent(int nid, String name, long startPfn, long endPfn) {
	public String label() {
		return "node " + nid + " " + name;
	}
}
