/**
 * Finds the .kmem file of a stack frame so the editor opens it at the current statement.
 */
package io.kmemlab.debug.core.sourcelookup;
