-- Validation changes no schema object: there is nothing to undo.
SELECT 1;
