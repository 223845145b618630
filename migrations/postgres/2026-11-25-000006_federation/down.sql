DROP TABLE saml_sp_keys;
DROP TABLE saml_assertions;
DROP TABLE federation_requests;
DROP TABLE federated_identities;
DROP TABLE identity_providers;
