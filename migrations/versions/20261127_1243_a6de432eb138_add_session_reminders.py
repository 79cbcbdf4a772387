"""add session reminders

Revision ID: a6de432eb138
Revises: 7e31553e491c
Create Date: 2026-11-27 12:43:32.138169

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'a6de432eb138'
down_revision = '7e31553e491c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('lead', sa.String(length=8), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_reminders_session_id_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_session_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_reminders')),
    sa.UniqueConstraint('session_id', 'user_id', 'lead', name=op.f('uq_session_reminders_session_id_user_id_lead'))
    )
    with op.batch_alter_table('session_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_reminders_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_reminders_user_id'))

    op.drop_table('session_reminders')
