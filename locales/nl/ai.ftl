# The AI step (the rest is in main.ftl).
ai-tokens-prompt-unknown = prompt onbekend + { $completion }
ai-leans-hint = Een zin met een nummer, zoals [1], leunt op dat eerdere voorstel van elders. Controleer of hij over jullie eigen situatie gaat.
ai-leans-on = leunt op eerder voorstel { $n }
circle-lang = Werktaal van de Prof-cirkel
circle-lang-hint = AI-concepten worden in deze taal geschreven, wie er ook om vraagt.
