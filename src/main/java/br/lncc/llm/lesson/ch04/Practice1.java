package br.lncc.llm.lesson.ch04;

import br.lncc.llm.text.Messages;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.lesson.Repetition;
import br.lncc.llm.task.ProgressSink;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Atividade prática 1 (Cap. 4.15): Parts A–D with the book's prompts, settings and questions.
 * Parts A–C run the model and keep the real outputs as evidence; Part D analyses the book's
 * repetitive text. The student's answers and the outputs export together as Markdown.
 */
public final class Practice1 {

    /** One run the book prescribes. */
    public record Run(String id, String prompt, double temperature, double topP) {}

    /** A part: its runs and questions (question id → text). */
    public record Part(String id, String title, List<Run> runs, Map<String, String> questions) {}

    /** A run's real output, with its seed and length and the repetition measures that help answer A.2/B.1. */
    public record Output(Run run, String text, long seed, int maxNewTokens, double rep4, double distinct2) {}

    public static final String PART_D_TEXT = "Transformers are models that are not part of the game. "
            + "The following is a list of all the models that are not part of the game...";

    public static final List<Part> PARTS = List.of(
            new Part("A", "Parte A: efeito da temperatura", List.of(
                    new Run("A1", GenerationLab.DEFAULT_PROMPT, 0.2, 0.9),
                    new Run("A2", GenerationLab.DEFAULT_PROMPT, 0.7, 0.9),
                    new Run("A3", GenerationLab.DEFAULT_PROMPT, 1.0, 0.9)), ordered(
                    "A.1", "Copie um trecho representativo (2 a 3 linhas) de cada uma das três execuções.",
                    "A.2", "Em qual execução você observou maior repetição lexical ou estrutural? Justifique com base no texto gerado.",
                    "A.3", "Em qual execução houve maior variação temática ou semântica? Cite evidência textual concreta.")),
            new Part("B", "Parte B: efeito do top-p (nucleus sampling)", List.of(
                    new Run("B1", GenerationLab.DEFAULT_PROMPT, 0.7, 0.3),
                    new Run("B2", GenerationLab.DEFAULT_PROMPT, 0.7, 0.6),
                    new Run("B3", GenerationLab.DEFAULT_PROMPT, 0.7, 0.9)), ordered(
                    "B.1", "Em qual valor de top-p o modelo apresentou comportamento mais repetitivo?",
                    "B.2", "Copie exatamente uma frase ou padrão que se repetiu ou quase se repetiu.",
                    "B.3", "Relacione esse comportamento com a ideia de massa acumulada de probabilidade.")),
            new Part("C", "Parte C: chain-of-thought — estilo vs. correção", List.of(
                    new Run("P1", "What is 27 + 58?", 0.7, 0.9),
                    new Run("P2", "Solve step by step: 27 + 58.", 0.7, 0.9)), ordered(
                    "C.1", "A resposta numérica final está correta em ambos os casos? Responda sim ou não.",
                    "C.2", "Copie um trecho do output onde o modelo aparenta estar raciocinando.",
                    "C.3", "Com base exclusivamente no output obtido, o raciocínio apresentado garante correção? Justifique.")),
            new Part("D", "Parte D: escolha de parâmetros por objetivo", List.of(), ordered(
                    "D.1", "Qual parâmetro você alteraria primeiro para reduzir esse comportamento repetitivo?",
                    "D.2", "Você aumentaria ou diminuiria esse parâmetro?",
                    "D.3", "Justifique sua resposta com base nos experimentos realizados nas partes anteriores.")));

    private Practice1() {}

    private static Map<String, String> ordered(String... kv) {
        var m = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static Part part(String id) {
        return PARTS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** Runs a part's prescribed generations (seeded: the same seed gives the same evidence). */
    public static List<Output> run(GenerationLab lab, Part part, int maxNewTokens, long seed, ProgressSink progress) {
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < part.runs().size(); i++) {
            Run r = forModel(lab, part.runs().get(i));
            progress.checkCancelled();
            progress.update(i, part.runs().size(), r.id());
            var p = lab.encode(r.prompt(), maxNewTokens);
            var g = lab.generate(p.ids(), GenerationSettings.sampling(maxNewTokens, r.temperature(), 0, r.topP(), seed + i),
                    Generator.TokenListener.NONE, progress);
            String text = lab.decode(g.allIds());
            out.add(new Output(r, text, seed + i, maxNewTokens, Repetition.repetitionRate(text, 4), Repetition.distinct(text, 2)));
        }
        progress.update(part.runs().size(), part.runs().size(), "");
        return out;
    }

    /**
     * The run as it is done on this model: on the course model (it only ever read Portuguese) the
     * book's English prompt of Parts A–B becomes the course model's Portuguese one — the settings,
     * and so the phenomena of 4.9–4.10 the parts are about, stay the book's.
     */
    public static Run forModel(GenerationLab lab, Run r) {
        if (!lab.courseModel() || !r.prompt().equals(GenerationLab.DEFAULT_PROMPT)) return r;
        return new Run(r.id(), br.lncc.llm.text.Messages.render(br.lncc.llm.text.Messages.PT_BR, br.lncc.llm.model.CourseModel.PROMPT),
                r.temperature(), r.topP());
    }

    /** Whether an output states 85 (C.1 is checked against it, not against how it reads). */
    public static boolean mentions85(String text) {
        return text.matches("(?s).*\\b85\\b.*");
    }

    /**
     * The activity as Markdown: for each part the settings, the real outputs (with seed, rep-4 and
     * distinct-2) and the student's answers — the evidence the book's criteria ask for.
     */
    public static String toMarkdown(java.util.Locale language, String model, Map<String, List<Output>> outputs,
            Map<String, String> answers) {
        var md = new StringBuilder();
        // The title, part titles and questions are the book's, quoted as printed; the app's own words follow the language.
        md.append("# Atividade prática 1 — inferência interativa (Cap. 4.15)\n\n");
        md.append(Messages.render(language, "lesson.practice.model", model)).append('\n');
        md.append(Messages.render(language, "lesson.practice.generatedAt",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))).append("\n\n");
        for (Part part : PARTS) {
            md.append("## ").append(part.title()).append("\n\n");
            if (part.id().equals("D")) {
                md.append("> ").append(PART_D_TEXT).append("\n\n");
                md.append(String.format(java.util.Locale.ROOT, "rep-4 = %.3f · distinct-2 = %.3f%n%n",
                        Repetition.repetitionRate(PART_D_TEXT, 4), Repetition.distinct(PART_D_TEXT, 2)));
            }
            for (Output o : outputs.getOrDefault(part.id(), List.of())) {
                md.append(String.format(java.util.Locale.ROOT, "### %s — τ = %.1f, top-p = %.1f (%s; rep-4 %.3f, distinct-2 %.3f)%n%n",
                        o.run().id(), o.run().temperature(), o.run().topP(),
                        Messages.render(language, "lesson.practice.seed", String.valueOf(o.seed())), o.rep4(), o.distinct2()));
                md.append("```text\n").append(o.text()).append("\n```\n\n");
            }
            for (var q : part.questions().entrySet()) {
                md.append("**").append(q.getKey()).append("** ").append(q.getValue()).append("\n\n");
                String a = answers.getOrDefault(q.getKey(), "").strip();
                md.append(a.isEmpty() ? Messages.render(language, "lesson.practice.noAnswer") : a).append("\n\n");
            }
        }
        return md.toString();
    }
}
