# Cognate's hosted pages and mails, Italian.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Accedi
sign-in-button = Accedi
sign-up-title = Crea un account
sign-up-button = Registrati
confirm-title = Conferma il tuo account
confirm-intro = Ti abbiamo inviato un codice: controlla { $destination }. Inseriscilo qui sotto per confermare il tuo account.
confirm-button = Conferma account
resend-button = Invia un nuovo codice
forgot-title = Hai dimenticato la password?
forgot-intro = Inserisci il tuo nome utente o indirizzo email e ti invieremo un codice per reimpostare la password.
forgot-button = Invia codice
reset-title = Reimposta la password
reset-intro = Ti abbiamo inviato un codice: controlla { $destination }. Inseriscilo insieme alla nuova password.
reset-button = Cambia password
new-password-title = Imposta una nuova password
new-password-intro = Il tuo account ha una password temporanea. Scegli una nuova password per continuare.
new-password-button = Imposta la password e accedi
signed-out-title = Sei uscito dall’account
signed-out-text = Sei uscito dall’account su questo browser.
error-title = Si è verificato un problema
username = Nome utente
your-email = la tua email
email = Email
phone = Numero di telefono
username-or-email = Nome utente o email
password = Password
new-password = Nuova password
code = Codice
forgot-link = Hai dimenticato la password?
need-account = Non hai un account?
sign-up-link = Registrati
have-account = Hai già un account?
sign-in-link = Accedi
back-to-sign-in = Torna all’accesso
password-rules = La tua password deve contenere:
rule-length = { $n ->
    [one] almeno { $n } carattere
   *[other] almeno { $n } caratteri
}
rule-upper = una lettera maiuscola
rule-lower = una lettera minuscola
rule-number = un numero
rule-symbol = un simbolo
notice-confirmed = Il tuo account è confermato. Accedi per continuare.
notice-password-reset = La tua password è stata cambiata. Accedi con la nuova password.
notice-code-sent = Ti abbiamo inviato un nuovo codice.
notice-admin-confirm = Il tuo account è stato creato. Un amministratore deve confermarlo prima che tu possa accedere.
csrf-failed = Questo modulo è scaduto o è stato inviato da un altro sito. Ricaricalo e riprova.
what-next = Puoi ricominciare dall’app da cui sei arrivato.
what-next-authorize = L’app ha inviato una richiesta di accesso che questo server non può accettare. Tornare all’app e accedere di nuovo potrebbe risolvere; se continua a succedere, avvisa l’assistenza dell’app.
not-found = Questa pagina non esiste.
internal = Si è verificato un errore imprevisto. Riprova tra un momento.
mfa-totp-title = Inserisci il codice dell’app di autenticazione
mfa-totp-intro = Apri la tua app di autenticazione e inserisci il codice a 6 cifre che mostra per questo account. Hai perso il telefono? Inserisci invece uno dei tuoi codici di recupero.
mfa-email-title = Controlla la tua email
mfa-email-intro = Abbiamo inviato un codice di accesso a { $destination }. Inseriscilo qui sotto.
mfa-sms-title = Controlla il telefono
mfa-sms-intro = Abbiamo inviato un codice di accesso via SMS al numero { $destination }. Inseriscilo qui sotto.
mfa-code-label = Codice
mfa-verify-button = Verifica
mfa-remember = Ricorda questo dispositivo (salta questo passaggio qui la prossima volta)
mfa-select-title = Scegli come verificare
mfa-select-intro = Il tuo account ha più di un secondo fattore. Quale vuoi usare?
mfa-setup-title = Proteggi il tuo account
mfa-setup-intro = Questa app richiede un secondo passaggio di accesso. Scansiona il codice QR con un’app di autenticazione (o inserisci la chiave a mano), poi inserisci il codice a 6 cifre che mostra.
mfa-setup-key = Chiave
mfa-setup-button = Verifica e continua
mfa-setup-alternatives = Oppure ricevi i codici in un altro modo:
factor-totp = App di autenticazione
factor-email = Inviami un codice via email
factor-sms = Inviami un codice via SMS
recovery-title = Salva i tuoi codici di recupero
recovery-intro = Se perdi l’app di autenticazione, ognuno di questi codici ti permette di accedere una volta. Conservali in un luogo sicuro: vengono mostrati solo ora.
continue-button = Continua
account-title = Il tuo account
account-signed-in-as = Accesso effettuato come { $username }.
account-security = Sicurezza dell’accesso
account-totp-on = App di autenticazione: attiva
account-totp-off = App di autenticazione: disattivata
account-email-on = Codici via email: attivi
account-email-off = Codici via email: disattivati
account-sms-on = Codici via SMS: attivi
account-sms-off = Codici via SMS: disattivati
account-preferred = Preferito
account-make-preferred = Imposta come preferito
account-turn-on = Attiva
account-turn-off = Disattiva
account-set-up-totp = Configura un’app di autenticazione
account-new-recovery = Nuovi codici di recupero
account-replace-totp = Passa a una nuova app di autenticazione
account-recovery-left = { $n ->
    [one] Ti resta { $n } codice di recupero.
   *[other] Ti restano { $n } codici di recupero.
}
account-devices = Dispositivi ricordati
account-no-devices = Nessun dispositivo ricordato.
account-forget = Dimentica
account-last-used = ultimo utilizzo:
account-change-password = Cambia password
account-current-password = Password attuale
account-password-changed = La tua password è stata cambiata.
account-saved = Salvato.
account-device-forgotten = Il dispositivo è stato dimenticato: gli verrà chiesto di nuovo un secondo fattore.
account-totp-title = Configura un’app di autenticazione
account-totp-intro = Scansiona il codice QR con la tua app di autenticazione (o inserisci la chiave a mano), poi inserisci il codice a 6 cifre che mostra.
account-sign-in-first = Prima accedi all’app, poi apri di nuovo la pagina del tuo account.
sign-out = Esci
continue-with = Continua con { $name }
or-divider = oppure
sso-label = Email di lavoro
sso-button = Continua
sso-no-match = Non è configurato alcun accesso per quel dominio email. Controlla l’indirizzo o accedi in un altro modo.
federation-expired = Questo accesso è scaduto o è già stato completato.
federation-other-browser = Questo accesso è stato avviato in un altro browser. Torna all’app e accedi di nuovo da questo browser.

# Language picker
language-picker = Lingua

# Forms
optional = (facoltativo)
required-legend = I campi contrassegnati con * sono obbligatori.
confirm-password = Conferma password
show-password = Mostra
hide-password = Nascondi
hint-phone = Con il prefisso internazionale, per esempio +14325551212
signup-closed = Questa app non ti permette di creare un account da solo. Chiedine uno all’amministratore dell’app.
providers-heading = Accedi con
passkey-sign-in = Accedi con una passkey

# Attributes
attr-given-name = Nome
attr-family-name = Cognome
attr-middle-name = Secondo nome
attr-name = Nome completo
attr-nickname = Soprannome
attr-preferred-username = Nome utente preferito
attr-birthdate = Data di nascita
attr-zoneinfo = Fuso orario
attr-locale = Lingua
attr-gender = Genere
attr-address = Indirizzo
attr-website = Sito web
attr-picture = Immagine
attr-profile = Pagina del profilo

# What went wrong, for people
err-wrong-credentials = Nome utente e password non corrispondono. Controllali e riprova.
err-session-expired = Questo accesso ha richiesto troppo tempo o è già stato usato. Accedi di nuovo.
err-not-allowed = Non è possibile con questo account. Accedi di nuovo o chiedi all’assistenza dell’app.
err-locked = { $minutes ->
    [one] Troppe password errate. Attendi un minuto e riprova, oppure reimposta la password.
   *[other] Troppe password errate. Attendi { $minutes } minuti e riprova, oppure reimposta la password.
}
err-user-disabled = Questo account è disattivato. Chiedi all’assistenza dell’app di riattivarlo.
err-temporary-expired = La tua password temporanea è scaduta. Chiedine una nuova all’amministratore dell’app.
err-too-many-network = Troppi tentativi dalla tua rete. Attendi qualche minuto e riprova.
err-limit = Troppi tentativi. Attendi qualche minuto prima di riprovare.
err-code-mismatch = Il codice non è corretto. Controllalo e riprova, oppure chiedi un nuovo codice.
err-code-expired = Il codice è scaduto. Chiedi un nuovo codice.
err-username-exists = Esiste già un account con questo nome. Accedi, oppure scegline un altro.
err-alias-exists = Questo indirizzo email o numero di telefono appartiene già a un altro account.
err-password-policy = Scegli una password più sicura: deve rispettare le regole qui sotto.
err-password-history = Hai usato questa password di recente. Scegline un’altra.
err-user-not-found = Non abbiamo trovato nessun account con quel nome.
err-not-confirmed = Prima conferma il tuo account: ti abbiamo inviato un codice.
err-reset-required = Devi scegliere una nuova password prima di poter accedere.
err-code-delivery = Non siamo riusciti a inviare il codice. Controlla l’indirizzo e riprova più tardi.
err-upstream = Il servizio di accesso della tua organizzazione non ha risposto. Riprova tra un momento.
err-invalid-request = Qualcosa in questa richiesta non è valido. Torna all’app e riprova.
err-current-password = La password attuale non è corretta.
err-enter-password = Inserisci la tua password per confermare questa modifica.
unreadable-request = Questa pagina non è riuscita a leggere la richiesta ricevuta.
detail-for-developers = Dettagli per gli sviluppatori dell’app

# How to fix a field
fix-required = Compila questo campo.
fix-email = Inserisci un indirizzo email come name@example.com
fix-phone = Inserisci un numero di telefono con il prefisso internazionale, come +14325551212
fix-too-long = { $n ->
    [one] Usa al massimo { $n } carattere.
   *[other] Usa al massimo { $n } caratteri.
}
fix-too-short = { $n ->
    [one] Usa almeno { $n } carattere.
   *[other] Usa almeno { $n } caratteri.
}
fix-number = Inserisci un numero intero.
fix-range = Inserisci un numero da { $min } a { $max }.
fix-number-range = Inserisci un numero nell’intervallo consentito.
fix-value = Inserisci un valore valido.
fix-username-shape = Usa da 1 a 128 caratteri, senza spazi.
fix-username-email = Scegli un nome utente che non sia un indirizzo email. Potrai accedere anche con la tua email.
fix-username-phone = Scegli un nome utente che non sia un numero di telefono. Potrai accedere anche con il tuo numero di telefono.
fix-password-length = { $n ->
    [one] Usa almeno { $n } carattere.
   *[other] Usa almeno { $n } caratteri.
}
fix-password-too-long = Usa al massimo 256 caratteri.
fix-password-upper = Aggiungi una lettera maiuscola.
fix-password-lower = Aggiungi una lettera minuscola.
fix-password-number = Aggiungi un numero.
fix-password-symbol = Aggiungi un simbolo, come ! o #.
fix-password-mismatch = Le password non corrispondono.

# Ways on
way-sign-in-again = Accedi di nuovo
way-try-again = Riprova
way-reload-form = Ricarica il modulo
way-back-to-app = Torna all’app

# MFA
mfa-try-another-way = Prova in un altro modo:
mfa-setup-same-phone = Stai configurando su questo telefono? Apri la tua app di autenticazione
mfa-qr-alt = Codice QR per la tua app di autenticazione
mfa-use-recovery = Hai perso il telefono? Usa un codice di recupero
mfa-recovery-label = Codice di recupero

# Recovery codes
recovery-download = Scarica
recovery-copy = Copia
recovery-copied = Copiato
recovery-print = Stampa
recovery-saved = Ho salvato questi codici in un luogo sicuro
recovery-file-heading = Codici di recupero: ognuno ti permette di accedere una volta se perdi l’app di autenticazione.

# Account page
account-back-to-app = Torna all’app
account-confirm-password = La tua password, per conferma
account-fresh-sign-in = Per modificare questa impostazione devi aver effettuato l’accesso negli ultimi cinque minuti.
account-authenticator = App di autenticazione

# Passkeys
passkeys-heading = Passkey
passkeys-none = Non hai ancora una passkey. Una passkey ti permette di accedere con l’impronta digitale, il volto o il blocco schermo invece che con una password.
passkeys-add = Aggiungi una passkey
passkeys-name = Nome
passkeys-save = Salva
passkeys-rename = Rinomina
passkeys-delete = Elimina
passkeys-created = aggiunta il
passkeys-never-used = mai
passkeys-added = La tua passkey è stata salvata. La prossima volta potrai accedere con questa.
passkeys-deleted = La passkey è stata eliminata.
passkeys-need-script = Le passkey richiedono JavaScript, che è disattivato in questo browser.
passkeys-failed = La passkey non ha funzionato. Riprova o accedi in un altro modo.
passkeys-offer-title = Accedi più velocemente la prossima volta
passkeys-offer-intro = Aggiungi una passkey per accedere con l’impronta digitale, il volto o il blocco schermo invece che con una password.
passkeys-not-now = Non ora
factor-passkey = Usa una passkey

# Dates: { $day } { $month } { $year }, { $time } UTC
date-time = { $day } { $month } { $year }, { $time } UTC
month-1 = gen
month-2 = feb
month-3 = mar
month-4 = apr
month-5 = mag
month-6 = giu
month-7 = lug
month-8 = ago
month-9 = set
month-10 = ott
month-11 = nov
month-12 = dic

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Il tuo codice di verifica
mail-verification-greeting = Ciao { $username },
mail-verification-lead = Il tuo codice di verifica è
mail-verification-body = Inseriscilo nella pagina di conferma per completare la creazione del tuo account. Il codice scade tra 24 ore. Se non ti sei registrato, puoi ignorare questo messaggio.
mail-forgot-password-subject = Il tuo codice per reimpostare la password
mail-forgot-password-greeting = Ciao { $username },
mail-forgot-password-lead = Il tuo codice per reimpostare la password è
mail-forgot-password-body = Scade tra un’ora. Se non hai chiesto di reimpostare la password, puoi ignorare questo messaggio: la tua password non è cambiata.
mail-invitation-subject = La tua password temporanea
mail-invitation-greeting = Ciao,
mail-invitation-lead = È stato creato un account per te. Il tuo nome utente è { $username } e la tua password temporanea è
mail-invitation-body = Accedi con queste credenziali; ti verrà chiesto di scegliere una nuova password. La password temporanea scade se non viene usata in tempo.
mail-mfa-code-subject = Il tuo codice di accesso
mail-mfa-code-greeting = Ciao { $username },
mail-mfa-code-lead = Il tuo codice di accesso è
mail-mfa-code-body = Inseriscilo nella pagina di accesso per completare l’accesso. Il codice scade tra 5 minuti. Se non hai provato ad accedere, qualcuno conosce la tua password: cambiala subito.
sms-mfa-code = Il tuo codice di autenticazione è { $code }.
sms-invitation = Il tuo nome utente è { $username } e la tua password temporanea è { $code }.
