DROP TABLE user_groups;
DROP TABLE groups;
DROP TABLE users;
DROP TABLE resource_servers;
DROP TABLE clients;
DROP TABLE signing_keys;
DROP TABLE pools;
DROP TABLE meta;
