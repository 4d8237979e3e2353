package io.kmemlab.debug.core.views;

/** Numbers as crash and the CLI print them. */
public final class Hex {
	private Hex() {
	}

	/** 0x followed by 16 digits: table and entry columns line up. */
	public static String wide(long v) {
		return String.format("0x%016x", v);
	}

	/** 0x and the digits needed. */
	public static String of(long v) {
		return "0x" + Long.toHexString(v);
	}

	/** 4K, 2M, 1G, 1M: a mapping's size as the kernel's comments name it. */
	public static String size(long bytes) {
		if (bytes <= 0) {
			return "-";
		}
		String[] units = { "", "K", "M", "G", "T" };
		int u = 0;
		long b = bytes;
		while (b >= 1024 && b % 1024 == 0 && u < units.length - 1) {
			b /= 1024;
			u++;
		}
		return b + units[u];
	}
}
