/**
 * The Zones &amp; Buddy view's model, without UI: each zone's counters as /proc/zoneinfo and
 * /proc/buddyinfo show them, which of them the last step changed, and the geometry of the
 * watermark gauge and the free-block bar chart. Built from the emulator's
 * {@code ZoneSnapshot}s and the step's {@code ChangeSet}, on the engine thread; immutable.
 */
package io.kmemlab.debug.core.views.zones;
