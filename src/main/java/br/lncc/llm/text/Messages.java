package br.lncc.llm.text;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * Renders {@link Message}s below the UI in pt-BR (the default, the book's language) or English.
 *
 * <p><b>Where keys live.</b> Like the UI's {@code I18n}: a key {@code area.rest} (e.g.
 * {@code weights.truncated}) is looked up first in {@code br/lncc/llm/text/<area>.properties}
 * ({@code <area>_en.properties} in English), then in {@code br/lncc/llm/text/messages.properties}
 * / {@code messages_en.properties}. One file pair per area keeps parallel edits from conflicting.
 * Files are UTF-8; every pattern goes through {@link MessageFormat} (with or without
 * arguments), so an apostrophe is always written twice: "it''s".
 * A test checks every pt-BR key has an English twin.
 *
 * <p>The UI's {@code I18n} falls back to these bundles, so a view renders a message from below
 * with {@code i18n.get(message)}; the CLI renders with the language of {@code --lang}/{@code LANG}.
 */
public final class Messages {
    public static final Locale PT_BR = Locale.forLanguageTag("pt-BR");
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final List<Locale> SUPPORTED = List.of(PT_BR, ENGLISH);

    private static final String SHELL_BUNDLE = "br.lncc.llm.text.messages";
    private static final String AREA_BUNDLES = "br.lncc.llm.text.";
    // Without this, a machine whose default locale is English would serve messages_en for pt-BR.
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {}

    /** {@code message} in {@code locale}; an unknown key renders as {@code !key!} plus its arguments. */
    public static String render(Locale locale, Message message) {
        if (message.isLiteral()) return String.valueOf(message.args()[0]);
        return render(locale, message.key(), message.args());
    }

    /** The text of {@code key} in {@code locale}, {@code args} filling {0}, {1}… as in MessageFormat. */
    public static String render(Locale locale, String key, Object... args) {
        Locale l = supported(locale);
        Object[] rendered = new Object[args.length];
        for (int i = 0; i < args.length; i++) rendered[i] = renderArgument(l, args[i]);
        if (Message.LITERAL.equals(key)) return args.length == 0 ? "" : String.valueOf(rendered[0]);
        String pattern = pattern(key, l).orElse(null);
        if (pattern == null) {
            return "!" + key + "!" + (args.length == 0 ? "" : " " + java.util.Arrays.toString(rendered));
        }
        return new MessageFormat(pattern, l).format(rendered);
    }

    /** The raw pattern of {@code key} in {@code locale}, if some bundle has it. */
    public static Optional<String> pattern(String key, Locale locale) {
        Locale l = supported(locale);
        int dot = key.indexOf('.');
        if (dot > 0) {
            String value = find(AREA_BUNDLES + key.substring(0, dot), key, l);
            if (value != null) return Optional.of(value);
        }
        return Optional.ofNullable(find(SHELL_BUNDLE, key, l));
    }

    /**
     * The language the CLI speaks: {@code --lang} if given ("en", "pt-BR", "pt"), else the POSIX
     * variables in their order of precedence (LC_ALL, LC_MESSAGES, LANG); English only when they
     * say "en…", pt-BR otherwise (the book's language, and what "C.UTF-8" gets).
     */
    public static Locale cliLanguage(String langOption, Map<String, String> env) {
        if (langOption != null && !langOption.isBlank()) return fromTag(langOption);
        for (String name : List.of("LC_ALL", "LC_MESSAGES", "LANG")) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) return fromTag(v);
        }
        return PT_BR;
    }

    /** "en", "en_US.UTF-8", "EN" → English; anything else → pt-BR. */
    public static Locale fromTag(String tag) {
        String t = tag.trim().toLowerCase(Locale.ROOT);
        return t.equals("en") || t.startsWith("en_") || t.startsWith("en-") || t.startsWith("en.") ? ENGLISH : PT_BR;
    }

    private static Locale supported(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? ENGLISH : PT_BR;
    }

    private static Object renderArgument(Locale l, Object arg) {
        if (arg instanceof Message m) return render(l, m);
        if (arg instanceof CompanionException e) return e.message(l);
        return arg;
    }

    private static String find(String baseName, String key, Locale l) {
        try {
            ResourceBundle b = ResourceBundle.getBundle(baseName, l, Messages.class.getClassLoader(), NO_FALLBACK);
            return b.containsKey(key) ? b.getString(key) : null;
        } catch (MissingResourceException e) {
            return null;
        }
    }
}
