package io.kmemlab.interpreter.variables;

import io.kmemlab.emulator.mm.Gfp;
import java.util.ArrayList;
import java.util.List;

/**
 * A gfp_t spelled as the kernel prints one with %pGg (dump_page's "gfp_mask 0xcc0(GFP_KERNEL)"):
 * the masks with most bits first, then single flags, each taken out of the value once it
 * matched; bits left over are printed in hex. The table is __def_gfpflag_names of
 * include/trace/events/mmflags.h and the loop format_flags() of lib/vsprintf.c (6.12); the
 * values come from the emulator's one definition of the GFP flags.
 */
public final class GfpNames {
	private GfpNames() {
	}

	/** __def_gfpflag_names, in its order (6.12: __GFP_ATOMIC is gone since 6.3). */
	static final List<String> ORDER = List.of("GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT", "GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER",
			"GFP_USER", "GFP_KERNEL_ACCOUNT", "GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO", "GFP_NOWAIT", "GFP_DMA",
			"__GFP_HIGHMEM", "GFP_DMA32", "__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_NOWARN", "__GFP_RETRY_MAYFAIL",
			"__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_NOMEMALLOC", "__GFP_MEMALLOC", "__GFP_HARDWALL",
			"__GFP_THISNODE", "__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_ACCOUNT", "__GFP_WRITE", "__GFP_RECLAIM",
			"__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_ZEROTAGS");

	/** The names of {@code gfp}: {@code [GFP_KERNEL, __GFP_ZERO]}; the leftover bits as one hex item; empty for 0. */
	public static List<String> of(long gfp) {
		List<String> out = new ArrayList<>();
		long left = gfp;
		for (String name : ORDER) {
			Long mask = Gfp.BY_NAME.get(name);
			if (mask == null || mask == 0 || (left & mask) != mask) {
				continue;
			}
			out.add(name);
			left &= ~mask;
			if (left == 0) {
				break;
			}
		}
		if (left != 0) {
			out.add("0x" + Long.toHexString(left));
		}
		return out;
	}

	/** {@code GFP_KERNEL|__GFP_ZERO}, or {@code none} for 0 (show_gfp_flags). */
	public static String text(long gfp) {
		List<String> names = of(gfp);
		return names.isEmpty() ? "none" : String.join("|", names);
	}
}
