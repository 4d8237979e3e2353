/**
 * Launching from the UI: the Main tab, the tab group, and the Run As / Debug As shortcuts (a file, the scenario at the cursor).
 */
package io.kmemlab.debug.ui.launch;
