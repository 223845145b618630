DROP TABLE auth_challenges;
