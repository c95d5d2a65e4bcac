-- Which sentences of an AI field lean on which earlier proposal: a JSON list of
-- [sentence index, proposal id], computed when the field is written.
ALTER TABLE ai_outputs ADD COLUMN leans TEXT NOT NULL DEFAULT '[]';
-- The language a circle works in: its AI drafts are written in it, whoever asks.
ALTER TABLE circles ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl';
