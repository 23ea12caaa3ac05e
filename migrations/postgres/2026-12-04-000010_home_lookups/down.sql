DROP INDEX modules_owner;
