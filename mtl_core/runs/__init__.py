"""What outlives a training: saved runs (``store``: checksummed, loaded in safe mode), the model card
(``model_card``) and spreadsheet-safe exports (``export``)."""
