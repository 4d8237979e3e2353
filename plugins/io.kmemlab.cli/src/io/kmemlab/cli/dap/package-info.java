/**
 * {@code kmemlab dap}: the Debug Adapter Protocol server (LSP4J's debug protocol) over the
 * interpreter's session driver, for editors other than Eclipse.
 */
package io.kmemlab.cli.dap;
