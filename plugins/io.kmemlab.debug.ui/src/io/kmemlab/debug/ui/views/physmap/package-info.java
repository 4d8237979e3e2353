/** The Physical Map view: every frame of the machine coloured by owner, zoomable, with PNG and SVG export. */
package io.kmemlab.debug.ui.views.physmap;
