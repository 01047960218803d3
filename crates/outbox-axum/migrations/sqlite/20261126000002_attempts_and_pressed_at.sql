-- Each record keeps the delivery attempt that stored it and when the person pressed the button.
ALTER TABLE submissions ADD COLUMN pressed_at TEXT;
ALTER TABLE submissions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
