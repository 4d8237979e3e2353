package io.kmemlab.lang.validation;

/** Issue codes of the kmem validators: stable ids for quick fixes and tests. */
public final class IssueCodes {

    private IssueCodes() {
    }

    private static final String PREFIX = "io.kmemlab.lang.";

    public static final String UNKNOWN_NAME = PREFIX + "unknownName";
    /** `kernel-image at A size S` not inside one RAM range. */
    public static final String IMAGE_OUTSIDE_RAM = PREFIX + "imageOutsideRam";
    /** `zones { NAME size S }` reaching past the last byte of RAM. */
    public static final String ZONE_OUTSIDE_RAM = PREFIX + "zoneOutsideRam";
    /** `zones { NAME until X }` with X ending in 0xfff: an inclusive end where `until` is exclusive. */
    public static final String ZONE_UNTIL_INCLUSIVE = PREFIX + "zoneUntilInclusive";
    public static final String USED_BEFORE_LET = PREFIX + "usedBeforeLet";
    public static final String UNKNOWN_FUNCTION = PREFIX + "unknownFunction";
    public static final String WRONG_ARITY = PREFIX + "wrongArity";
    public static final String WRONG_KIND = PREFIX + "wrongKind";
    public static final String SUSPICIOUS_KIND = PREFIX + "suspiciousKind";
    public static final String DEPRECATED = PREFIX + "deprecated";
    public static final String NOT_IN_KERNEL = PREFIX + "notInKernel";
    /** A mem_section function on a FLATMEM machine. */
    public static final String NEEDS_SPARSEMEM = PREFIX + "needsSparsemem";
    public static final String KM_TYPE_GONE = PREFIX + "kmTypeGone";
    public static final String KM_TYPE_MISSING = PREFIX + "kmTypeMissing";
    public static final String UNKNOWN_FIELD = PREFIX + "unknownField";
    public static final String NOT_A_LIST = PREFIX + "notAList";
    public static final String NOT_AN_ENTRY_POINTER = PREFIX + "notAnEntryPointer";
    public static final String NO_VALUE = PREFIX + "noValue";
    public static final String EXPECT_CANNOT_HAPPEN = PREFIX + "expectCannotHappen";
    public static final String SIGSEGV_OUTSIDE_PROCESS = PREFIX + "sigsegvOutsideProcess";
    public static final String UNKNOWN_PROCESS = PREFIX + "unknownProcess";
    public static final String SHOW_ARGUMENT = PREFIX + "showArgument";
    public static final String NESTED_TASK = PREFIX + "nestedTask";
    public static final String NO_SUCH_CPU = PREFIX + "noSuchCpu";
    public static final String DUPLICATE_NAME = PREFIX + "duplicateName";
    public static final String IMPORT_NOT_FOUND = PREFIX + "importNotFound";
    public static final String NESTING_TOO_DEEP = PREFIX + "nestingTooDeep";
    public static final String EXPRESSION_TOO_LONG = PREFIX + "expressionTooLong";
    public static final String VALIDATOR_FAILED = PREFIX + "validatorFailed";
    public static final String BEYOND_ARCH_LIMITS = PREFIX + "beyondArchLimits";
    public static final String BAD_KASLR = PREFIX + "badKaslr";

    public static final String UNKNOWN_ARCH = PREFIX + "unknownArch";
    public static final String BAD_PAGING = PREFIX + "badPaging";
    public static final String BAD_MEMORY_MODEL = PREFIX + "badMemoryModel";
    public static final String UNKNOWN_KERNEL = PREFIX + "unknownKernel";
    public static final String BAD_BOOT_ALLOCATOR = PREFIX + "badBootAllocator";
    public static final String UNKNOWN_CONFIG = PREFIX + "unknownConfig";
    public static final String RAM_OVERLAP = PREFIX + "ramOverlap";
    public static final String RAM_EMPTY = PREFIX + "ramEmpty";
    public static final String ZONES_ORDER = PREFIX + "zonesOrder";
    public static final String ONLY_32BIT = PREFIX + "only32bit";
    public static final String DUPLICATE_CLAUSE = PREFIX + "duplicateClause";
    public static final String BAD_SECTION = PREFIX + "badSection";
    public static final String BAD_CONFIG_VALUE = PREFIX + "badConfigValue";
    public static final String CONFIG_FILE = PREFIX + "configFile";
}
