/**
 * The Debug Adapter Protocol server of {@code kmemlab dap} (LSP4J's debug protocol) over the
 * interpreter's session driver, for editors other than Eclipse.
 */
package io.kmemlab.dap;
