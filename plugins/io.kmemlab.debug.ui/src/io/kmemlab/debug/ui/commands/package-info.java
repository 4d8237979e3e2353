/**
 * Step Back, Reverse Resume and Add Event Breakpoint: commands the Platform does not have, with their handlers.
 */
package io.kmemlab.debug.ui.commands;
