package io.kmemlab.debug.core.views.zones;

/**
 * Positions on a logarithmic axis from 0 to {@code max}: zone counters span five orders of
 * magnitude (a watermark of a few thousand pages against millions free, one order-10 block
 * against thousands of order-0 ones), so a linear axis would hide the small ones. 0 maps to
 * 0, {@code max} to 1; log(1 + v) keeps 0 and 1 apart.
 */
public record LogScale(long max) {
	public LogScale {
		max = Math.max(1, max);
	}

	/** Where {@code value} sits, in [0, 1]. */
	public double position(long value) {
		if (value <= 0) {
			return 0;
		}
		return Math.min(1.0, Math.log1p(value) / Math.log1p(max));
	}

	/** {@link #position} scaled to {@code pixels} and rounded. */
	public int pixels(long value, int pixels) {
		return (int) Math.round(position(value) * pixels);
	}
}
