# The AI step (the rest is in main.ftl).
ai-tokens-prompt-unknown = prompt unknown + { $completion }
ai-leans-hint = A sentence with a number, such as [1], leans on that earlier proposal from elsewhere. Check that it is about your own situation.
ai-leans-on = leans on earlier proposal { $n }
circle-lang = Working language of the Prof-cirkel
circle-lang-hint = AI drafts are written in this language, whoever asks for them.
