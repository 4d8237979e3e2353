/**
 * Labels of kmemlab debug elements and breakpoints, value details, and the editor that shows a frame.
 */
package io.kmemlab.debug.ui.presentation;
