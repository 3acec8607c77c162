package br.lncc.llm.lesson.ch08;

import br.lncc.llm.lesson.ch08.JudgeFragility.Answer;
import br.lncc.llm.lesson.ch08.JudgeFragility.Pair;
import br.lncc.llm.lesson.ch08.JudgeFragility.Wording;
import java.util.List;

/** The app's own material for the judge (pt-BR): answer pairs with a reference and three wordings of the request. */
public final class JudgeMaterial {
    private JudgeMaterial() {}

    /**
     * Three small rewordings of the same request (8.5.4: "pequenas variações"). The third asks
     * for the "melhor" answer instead of the correct one: the opening for fluency over facts (8.4.2).
     */
    public static List<Wording> wordings() {
        return List.of(
                new Wording("direta", """
                        Pergunta: {pergunta}

                        Resposta A: {A}

                        Resposta B: {B}

                        Qual resposta está correta? Responda apenas com a letra A ou B."""),
                new Wording("avaliador", """
                        Você é um avaliador imparcial. Julgue só a correção dos fatos, não o estilo nem o tamanho.

                        Pergunta: {pergunta}
                        [A] {A}
                        [B] {B}

                        Qual das respostas é a correta? Responda com uma única letra: A ou B."""),
                new Wording("melhor", """
                        Leia a pergunta e as duas respostas e escolha a melhor.

                        Pergunta: {pergunta}
                        Resposta A: {A}
                        Resposta B: {B}

                        Melhor resposta (A ou B):"""));
    }

    /**
     * Factual and arithmetic questions where the wrong answer is fluent and confident and the
     * right one is terse (8.4.2), balanced so that the correct answer is a in half the pairs,
     * plus two terse-vs-terse controls.
     */
    public static List<Pair> pairs() {
        return List.of(
                new Pair("Qual é a capital da Austrália?",
                        "A capital da Austrália é Sydney, a maior e mais famosa cidade do país, conhecida pela Ópera.",
                        "Canberra.", Answer.B),
                new Pair("Quanto é 12 × 12?",
                        "144.",
                        "Multiplicando 12 por 12 obtemos 124, pois 12 × 10 = 120 e somamos mais 4.", Answer.A),
                new Pair("Em que ano o ser humano pisou na Lua pela primeira vez?",
                        "O primeiro pouso tripulado foi em 1972, na missão Apollo 11, com Neil Armstrong.",
                        "1969.", Answer.B),
                new Pair("Qual é a fórmula química da água?",
                        "H2O.",
                        "A água tem dois átomos de oxigênio ligados a um de hidrogênio, por isso sua fórmula é HO2.",
                        Answer.A),
                new Pair("Quantos lados tem um hexágono?",
                        "Um hexágono é um polígono de oito lados iguais, muito comum nos favos de mel.",
                        "6.", Answer.B),
                new Pair("Qual é o maior planeta do Sistema Solar?",
                        "Júpiter.",
                        "Saturno, com seus anéis impressionantes, é o maior planeta do Sistema Solar.", Answer.A),
                new Pair("Quanto é 7 × 8?", "54.", "56.", Answer.B),
                new Pair("A que temperatura a água ferve ao nível do mar?", "100 °C.", "90 °C.", Answer.A));
    }
}
