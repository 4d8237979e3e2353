package io.kmemlab.debug.core.views.physmap;

/** A horizontal or vertical line in map pixels, from (x1, y1) to (x2, y2). */
public record Segment(int x1, int y1, int x2, int y2) {
}
