package br.lncc.llm.lesson;

import java.util.List;

/**
 * The exact prompts and decoding settings of Cap. 5 as notebook N2 runs them on FLAN-T5-small
 * (N2.23–N2.26). Kept verbatim — whitespace included — because the lesson is that the template
 * is part of the model's input: change a blank line and the output may change.
 */
public final class Cap5Prompts {

    private Cap5Prompts() {}

    public static final String TASK = "Classifique o sentimento como POSITIVO ou NEGATIVO.";
    public static final String TARGET = "Texto: \"Este filme foi um desperdício de tempo.\"";

    /** One experiment of the chapter: a prompt and how the notebook decodes it. */
    public record Experiment(String id, String prompt, boolean sample, int maxNewTokens,
                             double temperature, double topP, int samples) {}

    public static final Experiment ZERO_SHOT = new Experiment("zero-shot",
            TASK + "\n\n" + TARGET + "\nSentimento:", false, 8, 0, 0, 1);

    public static final Experiment FEW_SHOT = new Experiment("few-shot",
            TASK + "\n\n"
                    + "Texto: \"Adorei, foi excelente e emocionante.\"\nSentimento: POSITIVO\n\n"
                    + "Texto: \"Péssimo. Não recomendo para ninguém.\"\nSentimento: NEGATIVO\n\n"
                    + TARGET + "\nSentimento:", false, 8, 0, 0, 1);

    public static final Experiment BAD_TEMPLATE = new Experiment("template-ruim",
            TASK + "\n\"Este filme foi um desperdício de tempo.\" ->", false, 16, 0, 0, 1);

    public static final Experiment GOOD_TEMPLATE = new Experiment("template-bom",
            TASK + "\n\nResponda com UMA ÚNICA palavra: POSITIVO ou NEGATIVO.\n"
                    + "Não explique. Não escreva mais nada.\n\n" + TARGET + "\nSentimento:", false, 8, 0, 0, 1);

    /** N2.25: a deliberately mixed review, 15 samples at τ 0.9 / top-p 0.9, 8 tokens. */
    public static final Experiment SELF_CONSISTENCY_LABELS = new Experiment("self-consistency",
            "Classifique o sentimento como POSITIVO ou NEGATIVO.\nResponda APENAS com POSITIVO ou NEGATIVO.\n\n"
                    + "Texto: \"O atendimento foi ótimo, mas o produto quebrou no dia seguinte.\"\nSentimento:",
            true, 8, 0.9, 0.9, 15);

    /** N2.26: 20 samples at τ 0.8 / top-p 0.9, 6 tokens; the answer is 85. */
    public static final Experiment SELF_CONSISTENCY_NUMBER = new Experiment("self-consistency-numerico",
            "Responda APENAS com um número inteiro.\nPergunta: 27 + 58 = ?", true, 6, 0.8, 0.9, 20);

    /** What the notebook recorded on a T4 (the book prints NEGATIVO for the first two). */
    public static final List<String> RECORDED_NOTEBOOK_OUTPUTS = List.of(
            "POSITIVO", "POSITIVO", "POSITIVO or NEGATIVO. \"This film was ", "\"This film was a desper");

    public static List<Experiment> templateExperiments() {
        return List.of(ZERO_SHOT, FEW_SHOT, BAD_TEMPLATE, GOOD_TEMPLATE);
    }
}
