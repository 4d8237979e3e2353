/**
 * The kmemlab debugger's UI: its identifiers ({@link io.kmemlab.debug.ui.KmemDebugUi}).
 */
package io.kmemlab.debug.ui;
