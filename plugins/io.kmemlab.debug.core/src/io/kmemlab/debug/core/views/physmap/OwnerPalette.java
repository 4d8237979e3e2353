package io.kmemlab.debug.core.views.physmap;

import io.kmemlab.emulator.store.FrameOwner;

/**
 * The colour of each frame owner (0xRRGGBB), shared by the view, its legend, and the PNG and
 * SVG exports. Free frames are pale so that what is allocated stands out; holes are dark.
 */
public final class OwnerPalette {
	/** Pixels beyond the last frame of the machine. */
	public static final int BACKGROUND = 0xFFFFFF;
	/** Zone boundaries. */
	public static final int ZONE_LINE = 0x000000;
	/** Node boundaries. */
	public static final int NODE_LINE = 0xFF0000;
	/** Frames the last step changed. */
	public static final int CHANGED = 0xFF00FF;

	private static final int[] RGB = new int[FrameOwner.values().length];

	static {
		set(FrameOwner.FREE, 0xD9EAD3);
		set(FrameOwner.MEMMAP, 0x8E44AD);
		set(FrameOwner.KERNEL, 0xC0392B);
		set(FrameOwner.MEMBLOCK, 0xE67E22);
		set(FrameOwner.PAGE_TABLE, 0x138D75);
		set(FrameOwner.SLAB, 0x2E86C1);
		set(FrameOwner.VMALLOC, 0xF1C40F);
		set(FrameOwner.USER, 0x58D68D);
		set(FrameOwner.STACK, 0xEC407A);
		set(FrameOwner.RESERVED, 0x7F8C8D);
		set(FrameOwner.HOLE, 0x2C3E50);
	}

	private OwnerPalette() {
	}

	private static void set(FrameOwner o, int rgb) {
		RGB[o.ordinal()] = rgb;
	}

	public static int rgb(FrameOwner owner) {
		return RGB[owner.ordinal()];
	}

	/** "#rrggbb" for SVG. */
	public static String hex(int rgb) {
		return String.format("#%06x", rgb & 0xFFFFFF);
	}
}
