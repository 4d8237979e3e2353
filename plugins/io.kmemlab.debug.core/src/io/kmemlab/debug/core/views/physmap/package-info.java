/**
 * The Physical Map view's model and renderer, without UI: the machine's frames as runs of one
 * owner ({@code PhysicalMap}), a viewport that zooms from the whole machine down to single
 * frames, a renderer that fills an ARGB raster from the runs with at most one cell per pixel
 * (never one object per frame, so a 1 TiB machine costs what its pixels cost), the zone and
 * node boundaries as line segments, and an SVG writer. The UI bundle paints the raster; the
 * benchmark renders it without a display.
 */
package io.kmemlab.debug.core.views.physmap;
