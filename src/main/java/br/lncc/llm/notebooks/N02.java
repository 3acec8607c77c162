package br.lncc.llm.notebooks;

import br.lncc.llm.generate.Generation;
import br.lncc.llm.generate.GenerationSettings;
import br.lncc.llm.generate.Generator;
import br.lncc.llm.hub.HubClient;
import br.lncc.llm.hub.HubConfig;
import br.lncc.llm.lesson.Cap5Prompts;
import br.lncc.llm.lesson.ch04.GenerationLab;
import br.lncc.llm.lesson.ch05.ContextLimitsDemo;
import br.lncc.llm.lesson.ch05.PromptingLab;
import br.lncc.llm.model.Gpt2;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.tokenize.Gpt2Bpe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Notebook N2 of the course (generation control, Practice 1, prompting, context limits), cell by
 * cell. Cells that need gpt2 or google/flan-t5-small run when those models are in the Hugging
 * Face cache (or given as folders); otherwise they say so and are skipped — nothing is invented.
 *
 * <pre>java -cp "target/companion.jar:target/lib/*" br.lncc.llm.notebooks.N02 [--gpt2 DIR] [--t5 DIR] [--tokens N]</pre>
 * or {@code companion notebook N02}.
 */
public final class N02 {
    private final PrintStream out;
    private final Path gpt2;
    private final Path t5;
    private final int tokens;
    private final long seed;

    /**
     * @param gpt2   folder of a GPT-2-family model, or null to look in the HF cache
     * @param t5     folder of a FLAN-T5 model, or null to look in the HF cache
     * @param tokens new tokens per generation (the notebook uses 80; fewer for a quick run)
     */
    public N02(PrintStream out, Path gpt2, Path t5, int tokens, long seed) {
        this.out = out;
        this.gpt2 = gpt2 != null ? gpt2 : cached("openai-community/gpt2", "gpt2");
        this.t5 = t5 != null ? t5 : cached("google/flan-t5-small");
        this.tokens = tokens;
        this.seed = seed;
    }

    public static void main(String[] args) {
        Path gpt2 = null;
        Path t5 = null;
        int tokens = 80;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gpt2" -> gpt2 = Path.of(args[++i]);
                case "--t5" -> t5 = Path.of(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("opção desconhecida: " + args[i]);
            }
        }
        new N02(System.out, gpt2, t5, tokens, 42).run();
    }

    private static Path cached(String... ids) {
        HubClient client = new HubClient(HubConfig.fromSystem());
        for (String id : ids) {
            Optional<Path> p = client.cachedModel(id, "main");
            if (p.isPresent()) return p.get();
        }
        return null;
    }

    public void run() {
        out.println("# Notebook N2 — Controle de geração, Atividade prática 1, prompting e limites de contexto");
        diagrams();
        architecture();
        if (gpt2 == null) {
            skip("N2.05–N2.19", "gpt2 não está no cache do Hugging Face: baixe com 'companion models download gpt2'");
        } else {
            try (GenerationLab lab = GenerationLab.open(gpt2)) {
                generation(lab);
            }
        }
        if (t5 == null) {
            skip("N2.21–N2.26", "google/flan-t5-small não está no cache: baixe com 'companion models download google/flan-t5-small'");
        } else {
            try (PromptingLab lab = PromptingLab.open(t5)) {
                prompting(lab);
            }
        }
        contextLimits();
    }

    private void cell(String id, String title) {
        N01.cell(out, id, title);
    }

    private void skip(String cells, String why) {
        cell(cells, "PULADO");
        out.println("[PULADO] " + why);
    }

    private void diagrams() {
        cell("N2.01", "Comparação Visual: Transformer vs BERT vs GPT-2");
        out.println("Genérico: Input Tokens → Token + Positional Embedding → Self-Attention → Feed Forward (MLP) → Hidden States");
        out.println("BERT:     Input Tokens → Embedding → [Encoder x12 · Bidirectional Attention: Self-Attention (all tokens see all) → Feed Forward] → Contextual Representations (understanding)");
        out.println("GPT-2:    Input Tokens → Embedding → [Decoder x12 · Causal Attention: Masked Self-Attention (past only) → Feed Forward] → Next Token Prediction (generation)");
    }

    private void architecture() {
        var c = Gpt2.Config.gpt2Small();
        cell("N2.04", "Inspeção da arquitetura (GPT-2, a partir do config)");
        out.println(c.moduleTree());
        out.println();
        out.println("torchinfo (entrada 1×128):");
        out.printf("  Embedding (wte)   %,14d  [1, 128, %d]%n", (long) c.vocabSize() * c.nEmbd(), c.nEmbd());
        out.printf("  Embedding (wpe)   %,14d  [1, 128, %d]%n", (long) c.nPositions() * c.nEmbd(), c.nEmbd());
        out.printf("  GPT2Block × %d    %,14d  [1, 128, %d] cada%n", c.nLayer(), c.blockParameters(), c.nEmbd());
        out.printf("  LayerNorm (ln_f)  %,14d  [1, 128, %d]%n", 2L * c.nEmbd(), c.nEmbd());
        out.printf("  Linear (lm_head)  %,14d  [1, 128, %d]%n", (long) c.vocabSize() * c.nEmbd(), c.vocabSize());
        out.printf("Total (torchinfo): %,d — conta o lm_head amarrado duas vezes; parâmetros únicos: %,d%n",
                c.parametersCountingTiedHeadTwice(), c.uniqueParameters());
    }

    private String generate(GenerationLab lab, String prompt, GenerationSettings s) {
        var p = lab.encode(prompt, s.maxNewTokens());
        Generation g = lab.generate(p.ids(), s, Generator.TokenListener.NONE, ProgressSink.NONE);
        return lab.decode(g.allIds());
    }

    private void generation(GenerationLab lab) {
        String prompt = GenerationLab.DEFAULT_PROMPT;
        cell("N2.07", "Teste base");
        out.println("[PROMPT] " + prompt);
        out.println("[GERAÇÃO BASE] " + generate(lab, prompt, GenerationSettings.sampling(tokens, 0.7, 0, 0.9, seed)));
        out.println("[GERAÇÃO BASE — segunda execução] "
                + generate(lab, prompt, GenerationSettings.sampling(tokens, 0.7, 0, 0.9, seed + 1)));
        cell("N2.08", "Temperatura");
        for (double t : new double[] {0.2, 0.7, 1.0}) {
            out.printf("[EXPERIMENTO] TEMPERATURA = %s (top_p=0.9)%n", t);
            for (int i = 1; i <= 2; i++) {
                out.println("[Amostra " + i + "] " + generate(lab, prompt, GenerationSettings.sampling(tokens, t, 0, 0.9, seed + 10 * i)));
            }
        }
        cell("N2.09", "Top-p");
        for (double p : new double[] {0.3, 0.6, 0.9}) {
            out.printf("[EXPERIMENTO] TOP_P = %s (temperature=0.7)%n", p);
            for (int i = 1; i <= 2; i++) {
                out.println("[Amostra " + i + "] " + generate(lab, prompt, GenerationSettings.sampling(tokens, 0.7, 0, p, seed + 10 * i)));
            }
        }
        cell("N2.10", "KV cache — tempo médio (aquecimento + média de 3)");
        var t = lab.timeCache("Large language models rely on attention mechanisms", Math.max(tokens, 16), 3, ProgressSink.NONE);
        out.println("[KV CACHE — TEMPO MÉDIO]");
        out.printf("Com cache : %.4f s%nSem cache : %.4f s%nSpeedup  : %.2f×%n", t.meanSecondsCache(), t.meanSecondsNoCache(), t.speedup());
        out.println("(caderno, Tesla T4: 2.2645 s com cache, 1.2460 s sem, 0.55×)");
        cell("N2.11", "Atividade prática 1: direto vs passo a passo");
        out.println("=== Direto (resposta curta) ===");
        out.println(generate(lab, "What is 27 + 58?", GenerationSettings.sampling(Math.min(40, tokens), 0.7, 0, 0.9, seed)));
        out.println("=== Step by step (explicado em etapas) ===");
        out.println(generate(lab, "Solve step by step: 27 + 58.", GenerationSettings.sampling(tokens, 0.7, 0, 0.9, seed)));
        out.println("[Checagem] 27 + 58 = " + (27 + 58));
    }

    private void prompting(PromptingLab lab) {
        cell("N2.23–N2.24", "Zero-shot, few-shot e templates (guloso)");
        var recorded = Cap5Prompts.RECORDED_NOTEBOOK_OUTPUTS;
        var exps = Cap5Prompts.templateExperiments();
        for (int i = 0; i < exps.size(); i++) {
            var o = lab.run(exps.get(i), seed, ProgressSink.NONE);
            out.printf("--- %s ---%n%s%n(caderno: %s)%n", exps.get(i).id().toUpperCase(), o.texts().get(0), recorded.get(i));
        }
        cell("N2.25", "Self-consistency (rótulos)");
        var labels = lab.run(Cap5Prompts.SELF_CONSISTENCY_LABELS, seed, ProgressSink.NONE);
        for (int i = 0; i < labels.texts().size(); i++) out.printf("%02d. %s%n", i + 1, labels.texts().get(i));
        var lv = lab.labelVote(labels);
        out.println("Contagem de rótulos (apenas parseados): " + lv.counts());
        out.println("Não-parseados (sem rótulo claro): " + lv.unparsed() + " / " + lv.total());
        out.println("VOTO FINAL (self-consistency): " + lv.verdict());
        cell("N2.26", "Self-consistency numérica");
        var nums = lab.run(Cap5Prompts.SELF_CONSISTENCY_NUMBER, seed, ProgressSink.NONE);
        for (int i = 0; i < nums.texts().size(); i++) out.printf("%02d. %s%n", i + 1, nums.texts().get(i));
        var nv = lab.numberVote(nums);
        out.println("Parse falhou em: " + nv.unparsed() + " / " + nv.total() + " amostras");
        out.println("Contagem (apenas inteiros parseados): " + nv.counts());
        out.println("VOTO FINAL: " + nv.winner().map(String::valueOf).orElse("None"));
        out.println("Obs.: 27 + 58 = 85.");
    }

    private void contextLimits() {
        cell("N2.27", "Limites de contexto");
        out.println("Janela GPT-2: " + Gpt2Bpe.CONTEXT_WINDOW + " · janela T5 (config): 512");
        int[] ids = Gpt2Bpe.encode(GenerationLab.DEFAULT_PROMPT);
        out.println("Tokens GPT-2 em '" + GenerationLab.DEFAULT_PROMPT + "': " + ids.length + " " + Arrays.toString(ids));
        var d = ContextLimitsDemo.inicio(Gpt2Bpe.CONTEXT_WINDOW);
        out.println("Texto INICIO…FIM: " + d.total() + " tokens (> 1024)");
        out.println("keep-head: " + d.kept() + " tokens | primeiros 30: " + d.headFirst30() + " | últimos 30: " + d.headLast30());
        out.println("keep-tail: " + d.kept() + " tokens | primeiros 30: " + d.tailFirst30() + " | últimos 30: " + d.tailLast30());
        cell("N2.28", "Truncamento BANANA (keep-tail)");
        var b = ContextLimitsDemo.banana(Gpt2Bpe.CONTEXT_WINDOW);
        out.println("Total: " + b.total() + " · janela: 1024 · mantidos (tail): " + b.tailKept() + " · margem: " + ContextLimitsDemo.RESERVE);
        out.println("Primeiros 200 caracteres: " + b.tailStart().replace("\n", "\\n"));
        out.println("Últimos 200 caracteres: " + b.tailEnd().replace("\n", "\\n"));
        out.println("A instrução BANANA " + (b.tailKeepsInstruction() ? "continua" : "sumiu") + " do contexto.");
        cell("N2.30", "Truncamento inteligente HEAD + TAIL");
        out.println("HEAD: " + b.head() + " tokens · TAIL (pergunta): " + b.question() + " tokens · final: " + b.headPlusTail()
                + " tokens (janela 1024)");
    }
}
