package io.kmemlab.lang.ide.outline;

/** What an outline entry stands for; the editor picks its icon and filters by it. */
public enum OutlineKind {
	IMPORT,
	MACHINE,
	CLAUSE,
	ZONE,
	SCENARIO,
	/** process, kthread, on cpu, repeat, for, if: statements with a body. */
	BLOCK,
	LET
}
