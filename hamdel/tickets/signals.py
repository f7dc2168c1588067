"""Signals tickets sends from its actions, inside their transaction.

Apps above tickets (sla, live, ...) listen here instead of tickets importing them.
`changes` maps a field name to its (old, new) pair.
"""

from django.dispatch import Signal

# sender=Conversation, conversation=Conversation, changes=dict[str, tuple[old, new]],
# actor=User | None
conversation_changed = Signal()
# sender=Message, message=Message, actor=User|None, automatic=bool (an outbound notice the
# system sent, such as a web form's acknowledgement: not an agent's reply)
message_added = Signal()
# sender=Note, note=Note, mentioned=list[User], actor=User|None
note_added = Signal()
# Apps above tickets ask for an in-app notification with this instead of importing live,
# their sibling; live sends it (inside the sender's transaction, pushed on commit).
# sender=the asking model, recipients=list[User], kind=str (a notification kind),
# conversation=Conversation, actor=User | None
notification_requested = Signal()
# sender=Message, message=Message: an outbound message's delivery state changed
delivery_changed = Signal()
# Sent before a conversation's status changes, inside the transaction: a receiver that
# refuses the change raises django.core.exceptions.ValidationError({"status": message})
# (a complaint cannot be solved without its root cause). Receivers must not write.
# sender=Conversation, conversation=Conversation, old=str, new=str, actor=User | None
status_changing = Signal()
