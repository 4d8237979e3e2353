package io.kmemlab.lang.ide.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.inject.Singleton;

import io.kmemlab.lang.types.Builtin;
import io.kmemlab.lang.types.Builtins;
import io.kmemlab.lang.types.Constant;

/**
 * The editor's view of the language's built-in table (io.kmemlab.lang.types.Builtins): which
 * names are kernel functions and constants, what to propose, what a hover says. The only class
 * of this bundle that knows the table's API.
 */
@Singleton
public class KernelNames {

	/** A name to propose: the text to insert and what the proposal list shows about it. */
	public record Proposal(String name, String label, String group, String documentation) {
	}

	public boolean isFunction(String name) {
		return Builtins.function(name) != null;
	}

	public boolean isConstant(String name) {
		return Builtins.constant(name) != null;
	}

	/** Functions (PageXxx families included) whose name starts with the prefix, ignoring case. */
	public List<Proposal> functions(String prefix) {
		List<Proposal> result = new ArrayList<>();
		for (String name : Builtins.allNames()) {
			Builtin function = Builtins.function(name);
			if (function != null && startsWith(name, prefix)) {
				result.add(new Proposal(name, function.signature(), function.group(), describe(function)));
			}
		}
		return result;
	}

	/** Constants whose name starts with the prefix, ignoring case. */
	public List<Proposal> constants(String prefix) {
		List<Proposal> result = new ArrayList<>();
		for (Constant constant : Builtins.constants()) {
			if (startsWith(constant.name(), prefix)) {
				result.add(new Proposal(constant.name(), constant.name(), constant.group(), describe(constant)));
			}
		}
		return result;
	}

	/** What a hover over the name shows, or null if it is not a built-in. */
	public String describe(String name) {
		Builtin function = Builtins.function(name);
		if (function != null) {
			return describe(function);
		}
		Constant constant = Builtins.constant(name);
		return constant == null ? null : describe(constant);
	}

	private static String describe(Builtin function) {
		StringBuilder text = new StringBuilder(function.prototype()).append("\n\n").append(function.meaning());
		if (function.since() != null) {
			text.append("\n\nSince Linux ").append(function.since()).append('.');
		}
		if (function.deprecated()) {
			text.append("\n\nDeprecated: use ").append(function.replacement()).append('.');
		}
		return text.toString();
	}

	private static String describe(Constant constant) {
		StringBuilder text = new StringBuilder(constant.name());
		if (constant.value().isPresent()) {
			text.append(" = 0x").append(Long.toHexString(constant.value().getAsLong()));
		} else {
			text.append(" (depends on the machine)");
		}
		return text.append("\n\n").append(constant.meaning()).toString();
	}

	private static boolean startsWith(String name, String prefix) {
		return prefix == null || prefix.isEmpty()
				|| name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
	}
}
