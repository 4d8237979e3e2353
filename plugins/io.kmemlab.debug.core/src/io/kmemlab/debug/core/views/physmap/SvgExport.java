package io.kmemlab.debug.core.views.physmap;

import io.kmemlab.emulator.store.FrameOwner;
import java.util.List;
import java.util.Map;

/**
 * The map as an SVG document: one rectangle per stretch of equal cells in a row (never one per
 * frame), the zone boundaries as lines with the zones' names, and a legend with each owner's
 * frame count.
 */
public final class SvgExport {
	private static final int LEGEND_ROW = 18;

	private SvgExport() {
	}

	public static String write(PhysmapModel model, MapImage image, String title) {
		MapViewport v = image.viewport();
		int w = Math.max(image.width(), 360), mapH = image.height();
		FrameOwner[] owners = FrameOwner.values();
		int legendTop = mapH + 28;
		int h = legendTop + LEGEND_ROW * ((owners.length + 1) / 2) + 8;
		StringBuilder sb = new StringBuilder(64 * 1024);
		sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
				.append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n");
		sb.append("<title>").append(escape(title)).append("</title>\n");
		sb.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"#ffffff\"/>\n");
		sb.append("<g id=\"frames\" shape-rendering=\"crispEdges\">\n");
		byte[] cells = image.cellOwners();
		int cols = v.columns(), px = v.cellPx();
		for (int row = 0; row < v.rows(); row++) {
			int c = 0;
			while (c < cols) {
				byte o = cells[row * cols + c];
				int d = c + 1;
				while (d < cols && cells[row * cols + d] == o) {
					d++;
				}
				if (o >= 0) {
					sb.append("<rect x=\"").append(c * px).append("\" y=\"").append(row * px).append("\" width=\"").append((d - c) * px)
							.append("\" height=\"").append(px).append("\" fill=\"").append(OwnerPalette.hex(OwnerPalette.rgb(FrameOwner.of(o))))
							.append("\"/>\n");
				}
				c = d;
			}
		}
		sb.append("</g>\n<g id=\"zones\" stroke=\"").append(OwnerPalette.hex(OwnerPalette.ZONE_LINE)).append("\" stroke-width=\"1\">\n");
		for (long pfn : Boundaries.zonePfns(model.zones(), model.frames())) {
			for (Segment s : Boundaries.at(pfn, v)) {
				line(sb, s);
			}
		}
		sb.append("</g>\n<g id=\"nodes\" stroke=\"").append(OwnerPalette.hex(OwnerPalette.NODE_LINE)).append("\" stroke-width=\"2\">\n");
		for (long pfn : Boundaries.nodePfns(model.zones())) {
			for (Segment s : Boundaries.at(pfn, v)) {
				line(sb, s);
			}
		}
		sb.append("</g>\n<g id=\"zone-labels\" font-family=\"sans-serif\" font-size=\"11\">\n");
		for (ZoneExtent z : model.zones()) {
			long cell = Boundaries.labelCell(z, v);
			if (cell >= 0) {
				int x = (int) (cell % cols) * px + 2, y = (int) (cell / cols) * px + 12;
				sb.append("<text x=\"").append(x).append("\" y=\"").append(Math.min(y, Math.max(12, mapH - 2)))
						.append("\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">").append(escape(z.label()))
						.append("</text>\n");
			}
		}
		sb.append("</g>\n<g id=\"legend\" font-family=\"sans-serif\" font-size=\"12\">\n");
		sb.append("<text x=\"4\" y=\"").append(mapH + 18).append("\">").append(escape(caption(v))).append("</text>\n");
		Map<FrameOwner, Long> counts = model.counts();
		for (int i = 0; i < owners.length; i++) {
			int x = 4 + (i % 2) * (w / 2), y = legendTop + (i / 2) * LEGEND_ROW;
			sb.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"12\" height=\"12\" fill=\"")
					.append(OwnerPalette.hex(OwnerPalette.rgb(owners[i]))).append("\" stroke=\"#000000\"/>\n");
			sb.append("<text x=\"").append(x + 18).append("\" y=\"").append(y + 11).append("\">").append(escape(owners[i].label))
					.append(": ").append(counts.getOrDefault(owners[i], 0L)).append(" frames</text>\n");
		}
		sb.append("</g>\n</svg>\n");
		return sb.toString();
	}

	/** What one cell stands for and which frames are shown. */
	public static String caption(MapViewport v) {
		long end = Math.min(v.endPfn(), v.frames());
		String cell = v.framesPerCell() == 1 ? "1 frame per cell (" + v.cellPx() + " px)" : v.framesPerCell() + " frames per pixel";
		return String.format("pfn 0x%x-0x%x of 0x%x, %s", v.startPfn(), Math.max(v.startPfn(), end - 1), v.frames(), cell);
	}

	private static void line(StringBuilder sb, Segment s) {
		sb.append("<line x1=\"").append(s.x1()).append("\" y1=\"").append(s.y1()).append("\" x2=\"").append(s.x2()).append("\" y2=\"")
				.append(s.y2()).append("\"/>\n");
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	/** The legend's owners in order (the palette's). */
	public static List<FrameOwner> legendOwners() {
		return List.of(FrameOwner.values());
	}
}
