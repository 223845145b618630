# Cognate's hosted pages and mails, French.
# Every other catalog must have every key this one has (a test checks it).

sign-in-title = Connexion
sign-in-button = Se connecter
sign-up-title = Créer un compte
sign-up-button = S’inscrire
confirm-title = Confirmez votre compte
confirm-intro = Nous avons envoyé un code à { $destination }. Saisissez-le ci-dessous pour confirmer votre compte.
confirm-button = Confirmer le compte
resend-button = Envoyer un nouveau code
forgot-title = Mot de passe oublié ?
forgot-intro = Saisissez votre nom d’utilisateur ou votre adresse e-mail et nous vous enverrons un code pour réinitialiser votre mot de passe.
forgot-button = Envoyer le code
reset-title = Réinitialisez votre mot de passe
reset-intro = Nous avons envoyé un code à { $destination }. Saisissez-le avec votre nouveau mot de passe.
reset-button = Changer le mot de passe
new-password-title = Définissez un nouveau mot de passe
new-password-intro = Votre compte a un mot de passe temporaire. Choisissez un nouveau mot de passe pour continuer.
new-password-button = Définir le mot de passe et se connecter
signed-out-title = Vous êtes déconnecté
signed-out-text = Vous avez été déconnecté de ce navigateur.
error-title = Un problème est survenu
username = Nom d’utilisateur
your-email = votre adresse e-mail
email = E-mail
phone = Numéro de téléphone
username-or-email = Nom d’utilisateur ou e-mail
password = Mot de passe
new-password = Nouveau mot de passe
code = Code
forgot-link = Mot de passe oublié ?
need-account = Pas encore de compte ?
sign-up-link = S’inscrire
have-account = Vous avez déjà un compte ?
sign-in-link = Se connecter
back-to-sign-in = Retour à la connexion
password-rules = Votre mot de passe doit contenir :
rule-length = { $n ->
    [one] au moins { $n } caractère
   *[other] au moins { $n } caractères
}
rule-upper = une lettre majuscule
rule-lower = une lettre minuscule
rule-number = un chiffre
rule-symbol = un symbole
notice-confirmed = Votre compte est confirmé. Connectez-vous pour continuer.
notice-password-reset = Votre mot de passe a été modifié. Connectez-vous avec votre nouveau mot de passe.
notice-code-sent = Nous vous avons envoyé un nouveau code.
notice-admin-confirm = Votre compte a été créé. Un administrateur doit le confirmer avant que vous puissiez vous connecter.
csrf-failed = Ce formulaire a expiré ou a été envoyé depuis un autre site. Rechargez-le et réessayez.
what-next = Vous pouvez recommencer depuis l’application d’où vous venez.
what-next-authorize = L’application a envoyé une demande de connexion que ce serveur ne peut pas accepter. Revenir à l’application et vous reconnecter peut résoudre le problème ; s’il persiste, prévenez l’assistance de l’application.
not-found = Cette page n’existe pas.
internal = Une erreur inattendue s’est produite. Réessayez dans un instant.
mfa-totp-title = Saisissez le code de votre application d’authentification
mfa-totp-intro = Ouvrez votre application d’authentification et saisissez le code à 6 chiffres affiché pour ce compte. Vous avez perdu votre téléphone ? Saisissez plutôt l’un de vos codes de récupération.
mfa-email-title = Consultez vos e-mails
mfa-email-intro = Nous avons envoyé un code de connexion à { $destination }. Saisissez-le ci-dessous.
mfa-sms-title = Consultez votre téléphone
mfa-sms-intro = Nous avons envoyé un code de connexion par SMS au { $destination }. Saisissez-le ci-dessous.
mfa-code-label = Code
mfa-verify-button = Vérifier
mfa-remember = Mémoriser cet appareil (ignorer cette étape ici la prochaine fois)
mfa-select-title = Choisissez une méthode de vérification
mfa-select-intro = Votre compte dispose de plusieurs seconds facteurs. Lequel voulez-vous utiliser ?
mfa-setup-title = Protégez votre compte
mfa-setup-intro = Cette application exige une seconde étape de connexion. Scannez le code QR avec une application d’authentification (ou saisissez-y la clé), puis entrez le code à 6 chiffres qu’elle affiche.
mfa-setup-key = Clé
mfa-setup-button = Vérifier et continuer
mfa-setup-alternatives = Ou recevez les codes d’une autre manière :
factor-totp = Application d’authentification
factor-email = Recevoir un code par e-mail
factor-sms = Recevoir un code par SMS
recovery-title = Enregistrez vos codes de récupération
recovery-intro = Si vous perdez votre application d’authentification, chacun de ces codes vous permet de vous connecter une fois. Conservez-les en lieu sûr : ils ne sont affichés que maintenant.
continue-button = Continuer
account-title = Votre compte
account-signed-in-as = Connecté en tant que { $username }.
account-security = Sécurité de la connexion
account-totp-on = Application d’authentification : activée
account-totp-off = Application d’authentification : désactivée
account-email-on = Codes par e-mail : activés
account-email-off = Codes par e-mail : désactivés
account-sms-on = Codes par SMS : activés
account-sms-off = Codes par SMS : désactivés
account-preferred = Par défaut
account-make-preferred = Définir par défaut
account-turn-on = Activer
account-turn-off = Désactiver
account-set-up-totp = Configurer une application d’authentification
account-new-recovery = Nouveaux codes de récupération
account-replace-totp = Passer à une nouvelle application d’authentification
account-recovery-left = { $n ->
    [one] { $n } code de récupération restant.
   *[other] { $n } codes de récupération restants.
}
account-devices = Appareils mémorisés
account-no-devices = Aucun appareil n’est mémorisé.
account-forget = Oublier
account-last-used = dernière utilisation :
account-change-password = Changer le mot de passe
account-current-password = Mot de passe actuel
account-password-changed = Votre mot de passe a été modifié.
account-saved = Enregistré.
account-device-forgotten = L’appareil a été oublié : un second facteur lui sera de nouveau demandé.
account-totp-title = Configurer une application d’authentification
account-totp-intro = Scannez le code QR avec votre application d’authentification (ou saisissez-y la clé), puis entrez le code à 6 chiffres qu’elle affiche.
account-sign-in-first = Connectez-vous d’abord à l’application, puis rouvrez la page de votre compte.
sign-out = Se déconnecter
continue-with = Continuer avec { $name }
or-divider = ou
sso-label = E-mail professionnel
sso-button = Continuer
sso-no-match = Aucune connexion n’est configurée pour ce domaine de messagerie. Vérifiez l’adresse ou connectez-vous d’une autre manière.
federation-expired = Cette connexion a expiré ou a déjà été effectuée.
federation-other-browser = Cette connexion a été commencée dans un autre navigateur. Revenez à l’application et reconnectez-vous depuis ce navigateur.

# Language picker
language-picker = Langue

# Forms
optional = (facultatif)
required-legend = Les champs marqués d’un * sont obligatoires.
confirm-password = Confirmer le mot de passe
show-password = Afficher
hide-password = Masquer
hint-phone = Avec l’indicatif du pays, par exemple +14325551212
signup-closed = Cette application ne vous permet pas de créer vous-même un compte. Demandez-en un à l’administrateur de l’application.
providers-heading = Se connecter avec
passkey-sign-in = Se connecter avec une clé d’accès

# Attributes
attr-given-name = Prénom
attr-family-name = Nom
attr-middle-name = Deuxième prénom
attr-name = Nom complet
attr-nickname = Surnom
attr-preferred-username = Nom d’utilisateur préféré
attr-birthdate = Date de naissance
attr-zoneinfo = Fuseau horaire
attr-locale = Langue
attr-gender = Genre
attr-address = Adresse
attr-website = Site web
attr-picture = Photo
attr-profile = Page de profil

# What went wrong, for people
err-wrong-credentials = Ce nom d’utilisateur et ce mot de passe ne correspondent pas. Vérifiez-les et réessayez.
err-session-expired = Cette connexion a pris trop de temps ou a déjà été utilisée. Reconnectez-vous.
err-not-allowed = Ce n’est pas possible avec ce compte. Reconnectez-vous ou contactez l’assistance de l’application.
err-locked = { $minutes ->
    [one] Trop de mots de passe erronés. Patientez une minute et réessayez, ou réinitialisez votre mot de passe.
   *[other] Trop de mots de passe erronés. Patientez { $minutes } minutes et réessayez, ou réinitialisez votre mot de passe.
}
err-user-disabled = Ce compte est désactivé. Demandez à l’assistance de l’application de le réactiver.
err-temporary-expired = Votre mot de passe temporaire a expiré. Demandez-en un nouveau à l’administrateur de l’application.
err-too-many-network = Trop de tentatives provenant de votre réseau. Patientez quelques minutes et réessayez.
err-limit = Trop de tentatives. Patientez quelques minutes avant de réessayer.
err-code-mismatch = Ce code est incorrect. Vérifiez-le et réessayez, ou demandez un nouveau code.
err-code-expired = Ce code a expiré. Demandez un nouveau code.
err-username-exists = Un compte portant ce nom existe déjà. Connectez-vous plutôt, ou choisissez-en un autre.
err-alias-exists = Cette adresse e-mail ou ce numéro de téléphone appartient déjà à un autre compte.
err-password-policy = Choisissez un mot de passe plus robuste : il doit respecter les règles ci-dessous.
err-password-history = Vous avez utilisé ce mot de passe récemment. Choisissez-en un autre.
err-user-not-found = Nous n’avons trouvé aucun compte portant ce nom.
err-not-confirmed = Confirmez d’abord votre compte : nous vous avons envoyé un code.
err-reset-required = Vous devez choisir un nouveau mot de passe avant de pouvoir vous connecter.
err-code-delivery = Nous n’avons pas pu envoyer le code. Vérifiez l’adresse et réessayez plus tard.
err-upstream = Le service de connexion de votre organisation n’a pas répondu. Réessayez dans un instant.
err-invalid-request = Un élément de cette demande n’est pas valide. Revenez à l’application et réessayez.
err-current-password = Votre mot de passe actuel est incorrect.
err-enter-password = Saisissez votre mot de passe pour confirmer cette modification.
unreadable-request = Cette page n’a pas pu lire la demande qui lui a été envoyée.
detail-for-developers = Détails pour les développeurs de l’application

# How to fix a field
fix-required = Remplissez ce champ.
fix-email = Saisissez une adresse e-mail comme name@example.com
fix-phone = Saisissez un numéro de téléphone avec l’indicatif du pays, comme +14325551212
fix-too-long = { $n ->
    [one] Utilisez au maximum { $n } caractère.
   *[other] Utilisez au maximum { $n } caractères.
}
fix-too-short = { $n ->
    [one] Utilisez au moins { $n } caractère.
   *[other] Utilisez au moins { $n } caractères.
}
fix-number = Saisissez un nombre entier.
fix-range = Saisissez un nombre entre { $min } et { $max }.
fix-number-range = Saisissez un nombre dans la plage autorisée.
fix-value = Saisissez une valeur valide.
fix-username-shape = Utilisez de 1 à 128 caractères, sans espaces.
fix-username-email = Choisissez un nom d’utilisateur qui n’est pas une adresse e-mail. Vous pourrez aussi vous connecter avec votre adresse e-mail.
fix-username-phone = Choisissez un nom d’utilisateur qui n’est pas un numéro de téléphone. Vous pourrez aussi vous connecter avec votre numéro de téléphone.
fix-password-length = { $n ->
    [one] Utilisez au moins { $n } caractère.
   *[other] Utilisez au moins { $n } caractères.
}
fix-password-too-long = Utilisez au maximum 256 caractères.
fix-password-upper = Ajoutez une lettre majuscule.
fix-password-lower = Ajoutez une lettre minuscule.
fix-password-number = Ajoutez un chiffre.
fix-password-symbol = Ajoutez un symbole, comme ! ou #.
fix-password-mismatch = Les mots de passe ne correspondent pas.

# Ways on
way-sign-in-again = Se reconnecter
way-try-again = Réessayer
way-reload-form = Recharger le formulaire
way-back-to-app = Retour à l’application

# MFA
mfa-try-another-way = Essayer une autre méthode :
mfa-setup-same-phone = Configuration sur ce téléphone ? Ouvrez votre application d’authentification
mfa-qr-alt = Code QR pour votre application d’authentification
mfa-use-recovery = Vous avez perdu votre téléphone ? Utilisez un code de récupération
mfa-recovery-label = Code de récupération

# Recovery codes
recovery-download = Télécharger
recovery-copy = Copier
recovery-copied = Copié
recovery-print = Imprimer
recovery-saved = J’ai enregistré ces codes en lieu sûr
recovery-file-heading = Codes de récupération : chacun vous permet de vous connecter une fois si vous perdez votre application d’authentification.

# Account page
account-back-to-app = Retour à l’application
account-confirm-password = Votre mot de passe, pour confirmer
account-fresh-sign-in = Pour modifier ce paramètre, vous devez vous être connecté au cours des cinq dernières minutes.
account-authenticator = Application d’authentification

# Passkeys
passkeys-heading = Clés d’accès
passkeys-none = Vous n’avez pas encore de clé d’accès. Une clé d’accès vous permet de vous connecter avec votre empreinte digitale, votre visage ou le verrouillage de l’écran au lieu d’un mot de passe.
passkeys-add = Ajouter une clé d’accès
passkeys-name = Nom
passkeys-save = Enregistrer
passkeys-rename = Renommer
passkeys-delete = Supprimer
passkeys-created = ajoutée le
passkeys-never-used = jamais
passkeys-added = Votre clé d’accès est enregistrée. La prochaine fois, vous pourrez vous connecter avec elle.
passkeys-deleted = La clé d’accès a été supprimée.
passkeys-need-script = Les clés d’accès nécessitent JavaScript, qui est désactivé dans ce navigateur.
passkeys-failed = La clé d’accès n’a pas fonctionné. Réessayez ou connectez-vous d’une autre manière.
passkeys-offer-title = Connectez-vous plus vite la prochaine fois
passkeys-offer-intro = Ajoutez une clé d’accès pour vous connecter avec votre empreinte digitale, votre visage ou le verrouillage de l’écran au lieu d’un mot de passe.
passkeys-not-now = Pas maintenant
factor-passkey = Utiliser une clé d’accès

# Dates: { $day } { $month } { $year } à { $time } UTC
date-time = { $day } { $month } { $year } à { $time } UTC
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

# Mails: each has a subject, a greeting, the line before the code, and what to do.
# The HTML and text parts are built from these in templates/email/layout.*.
mail-verification-subject = Votre code de vérification
mail-verification-greeting = Bonjour { $username },
mail-verification-lead = Votre code de vérification est
mail-verification-body = Saisissez-le sur la page de confirmation pour terminer la création de votre compte. Le code expire dans 24 heures. Si vous ne vous êtes pas inscrit, vous pouvez ignorer ce message.
mail-forgot-password-subject = Votre code de réinitialisation du mot de passe
mail-forgot-password-greeting = Bonjour { $username },
mail-forgot-password-lead = Votre code de réinitialisation du mot de passe est
mail-forgot-password-body = Il expire dans une heure. Si vous n’avez pas demandé à réinitialiser votre mot de passe, vous pouvez ignorer ce message ; votre mot de passe n’a pas été modifié.
mail-invitation-subject = Votre mot de passe temporaire
mail-invitation-greeting = Bonjour,
mail-invitation-lead = Un compte a été créé pour vous. Votre nom d’utilisateur est { $username } et votre mot de passe temporaire est
mail-invitation-body = Connectez-vous avec ces identifiants ; il vous sera demandé de choisir un nouveau mot de passe. Le mot de passe temporaire expire s’il n’est pas utilisé à temps.
mail-mfa-code-subject = Votre code de connexion
mail-mfa-code-greeting = Bonjour { $username },
mail-mfa-code-lead = Votre code de connexion est
mail-mfa-code-body = Saisissez-le sur la page de connexion pour terminer la connexion. Le code expire dans 5 minutes. Si vous n’avez pas essayé de vous connecter, quelqu’un connaît votre mot de passe : changez-le dès maintenant.
sms-mfa-code = Votre code d’authentification est { $code }.
sms-invitation = Votre nom d’utilisateur est { $username } et votre mot de passe temporaire est { $code }.
