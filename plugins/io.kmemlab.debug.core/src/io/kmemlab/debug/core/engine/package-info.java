/**
 * The scenarios of one launch run by the interpreter's session driver, and the immutable picture of each suspension (stack with process and kthread contexts, changed variables) the debug model shows.
 */
package io.kmemlab.debug.core.engine;
