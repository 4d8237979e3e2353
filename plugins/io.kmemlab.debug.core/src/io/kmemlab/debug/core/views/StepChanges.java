package io.kmemlab.debug.core.views;

import io.kmemlab.emulator.inspect.ChangeSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the last step changed, indexed for the views' lookups: page-table entries by physical
 * address, struct page bytes by pfn, frames whose owner changed. Built once per suspension
 * from the step's {@link ChangeSet}; a lookup costs a hash probe, whatever the machine's size.
 */
public final class StepChanges {
	public static final StepChanges NONE = new StepChanges(ChangeSet.EMPTY);

	private final Set<Long> entries = new HashSet<>();
	/** pfn → the written byte ranges of its struct page, as (offset, bytes) pairs. */
	private final Map<Long, long[]> fields = new HashMap<>();
	private final ChangeSet changes;

	public StepChanges(ChangeSet cs) {
		this.changes = cs == null ? ChangeSet.EMPTY : cs;
		for (ChangeSet.EntryChange e : changes.entries()) {
			entries.add(e.entryPa());
		}
		for (ChangeSet.FieldChange f : changes.fields()) {
			long[] old = fields.get(f.pfn());
			long[] now = old == null ? new long[2] : java.util.Arrays.copyOf(old, old.length + 2);
			now[now.length - 2] = f.offset();
			now[now.length - 1] = f.bytes();
			fields.put(f.pfn(), now);
		}
	}

	public ChangeSet changeSet() {
		return changes;
	}

	/** True when the step wrote the page-table entry at physical address {@code entryPa}. */
	public boolean entry(long entryPa) {
		return entries.contains(entryPa);
	}

	/** True when the step wrote any of bytes [offset, offset + bytes) of pfn's struct page (boot: its whole range). */
	public boolean field(long pfn, int offset, int bytes) {
		long[] r = fields.get(pfn);
		if (r != null) {
			for (int i = 0; i < r.length; i += 2) {
				if (r[i] < offset + bytes && offset < r[i] + r[i + 1]) {
					return true;
				}
			}
		}
		return inRange(changes.ranges(), pfn);
	}

	/** True when the step wrote anything of pfn's struct page, or changed the frame's owner. */
	public boolean page(long pfn) {
		if (fields.containsKey(pfn) || inRange(changes.ranges(), pfn)) {
			return true;
		}
		for (ChangeSet.OwnerChange o : changes.owners()) {
			if (o.contains(pfn)) {
				return true;
			}
		}
		return false;
	}

	private static boolean inRange(List<ChangeSet.DescriptorRange> ranges, long pfn) {
		for (ChangeSet.DescriptorRange r : ranges) {
			if (r.contains(pfn)) {
				return true;
			}
		}
		return false;
	}
}
