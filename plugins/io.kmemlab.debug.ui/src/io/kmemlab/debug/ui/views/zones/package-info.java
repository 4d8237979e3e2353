/** The Zones &amp; Buddy view: each zone's counters, watermarks, lowmem_reserve, buddyinfo and per-CPU lists. */
package io.kmemlab.debug.ui.views.zones;
